import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ValidateFunction } from "ajv";
import { KIND_NAMES, type KindName } from "../kinds/shapes.js";

/**
 * schemas/ at the package root. This file runs from src/validate/ (vitest) and from dist/validate/
 * (after build): both are two levels below the root.
 */
export const SCHEMAS_DIR = new URL("../../schemas/", import.meta.url);

/**
 * Validation code ajv generates from schemas/ at build time (scripts/build-cli.mjs), next to this file
 * in dist/: loading it takes milliseconds, where compiling the schemas takes most of a second.
 */
export const GENERATED_VALIDATORS = "./schema-validators.cjs";

/**
 * The options both the build and the run-time compile use. verbose: errors carry their schema and parent
 * schema (allowed field names, enum values, anyOf options).
 */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: false } as const;

/** ajv is CommonJS: required synchronously, and only when the generated code is absent. */
const require = createRequire(import.meta.url);

type Validators = Record<KindName | "manifest", ValidateFunction>;
let validators: Validators | undefined;

function readSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, SCHEMAS_DIR), "utf8")) as Record<string, unknown>;
}

/** Every schema of schemas/ added to an ajv instance (the build passes code options). */
export function schemaAjv(extra: Record<string, unknown> = {}) {
  const { Ajv2020 } = require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  const addFormats = require("ajv-formats") as { default: (ajv: unknown) => void };
  const ajv = new Ajv2020({ ...AJV_OPTIONS, ...extra });
  addFormats.default(ajv);
  for (const name of [...KIND_NAMES, "manifest"]) ajv.addSchema(readSchema(`${name}.schema.json`));
  return ajv;
}

function compile(): Validators {
  const ajv = schemaAjv();
  const out: Partial<Validators> = {};
  for (const name of [...KIND_NAMES, "manifest"] as const) {
    const fn = ajv.getSchema(`${name}.schema.json`);
    if (!fn) throw new Error(`schema ${name}.schema.json did not compile`);
    out[name] = fn;
  }
  return out as Validators;
}

function load(): Validators {
  try {
    return require(GENERATED_VALIDATORS) as Validators;
  } catch (err) {
    // Running from src/ (tests), or a tsc-only build: compile the schemas instead.
    if ((err as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw err;
    return compile();
  }
}

/** The validator of one kind (loaded or compiled once per process). */
export function kindValidator(kind: KindName): ValidateFunction {
  validators ??= load();
  return validators[kind];
}

/** The validator of a whole manifest file (schemas/manifest.schema.json). */
export function manifestFileValidator(): ValidateFunction {
  validators ??= load();
  return validators.manifest;
}
