import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { KIND_NAMES, type KindName } from "../kinds/names.js";

/**
 * schemas/ at the package root. This file runs from src/validate/ (vitest) and from dist/validate/
 * (after build): both are two levels below the root.
 */
export const SCHEMAS_DIR = new URL("../../schemas/", import.meta.url);

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

let validators: Map<KindName, ValidateFunction> | undefined;
let manifestValidator: ValidateFunction | undefined;

function readSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, SCHEMAS_DIR), "utf8")) as Record<string, unknown>;
}

function build(): { kinds: Map<KindName, ValidateFunction>; manifest: ValidateFunction } {
  // verbose: errors carry their schema and parent schema (allowed field names, enum values, anyOf options).
  const ajv = addFormats(new Ajv2020({ allErrors: true, verbose: true, strict: false }));
  for (const kind of KIND_NAMES) ajv.addSchema(readSchema(`${kind}.schema.json`));
  ajv.addSchema(readSchema("manifest.schema.json"));
  const kinds = new Map<KindName, ValidateFunction>();
  for (const kind of KIND_NAMES) {
    const fn = ajv.getSchema(`${kind}.schema.json`);
    if (!fn) throw new Error(`schema ${kind}.schema.json did not compile`);
    kinds.set(kind, fn);
  }
  const manifest = ajv.getSchema("manifest.schema.json");
  if (!manifest) throw new Error("schema manifest.schema.json did not compile");
  return { kinds, manifest };
}

/** The compiled validator of one kind (compiled once per process). */
export function kindValidator(kind: KindName): ValidateFunction {
  if (!validators) {
    const built = build();
    validators = built.kinds;
    manifestValidator = built.manifest;
  }
  return validators.get(kind)!;
}

/** The compiled validator of a whole manifest file (schemas/manifest.schema.json). */
export function manifestFileValidator(): ValidateFunction {
  if (!manifestValidator) kindValidator("outputs");
  return manifestValidator!;
}
