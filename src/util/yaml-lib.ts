import { createRequire } from "node:module";

type YamlLib = typeof import("yaml");

let lib: YamlLib | undefined;

/**
 * The `yaml` library, required when first used: loading it costs more start-up time than a command
 * like `validate` spends on its work, and the common paths never need it (manifests are read with
 * js-yaml; `yaml` keeps source positions for the errors, and parses YAML-valued fields). It is
 * CommonJS, so a synchronous require serves callers that cannot wait for an import.
 */
export function yamlLib(): YamlLib {
  lib ??= createRequire(import.meta.url)("yaml") as YamlLib;
  return lib;
}
