import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { ValidateFunction } from "ajv";
import { KIND_NAMES, type KindName } from "../kinds/shapes.js";

/**
 * schemas/ at the package root. This file runs from src/validate/ (vitest) and from dist/validate/
 * (after build): both are two levels below the root.
 */
export const SCHEMAS_DIR = new URL("../../schemas/", import.meta.url);

/** The schemas validators exist for: one per kind, and one for a whole manifest file. */
export const SCHEMA_NAMES = [...KIND_NAMES, "manifest"] as const;
type SchemaName = (typeof SCHEMA_NAMES)[number];

/**
 * Where the validation code ajv generates from schemas/ at build time (scripts/build-cli.mjs) lies: one
 * file per schema in dist/validate/validators/. A command requires the code of the kinds it meets
 * only: compiling a file costs about as much as its size (all of them: ~1 MB, ~80 ms), and compiling
 * the schemas themselves at run time takes most of a second. Named from the parent folder, so that
 * this code finds it from dist/validate/ and from the CLI's bundle in dist/bundle/ alike.
 */
export function generatedValidatorFile(name: SchemaName): URL {
  return new URL(`../validate/validators/${name}.cjs`, import.meta.url);
}

/**
 * The options both the build and the run-time compile use. verbose: errors carry their schema and parent
 * schema (allowed field names, enum values, anyOf options).
 */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: false } as const;

/** ajv is CommonJS: required synchronously, and only when the generated code is absent. */
const require = createRequire(import.meta.url);

const validators = new Map<SchemaName, ValidateFunction>();
/** The run-time compiler, made once and only when the generated code is absent. */
let compiler: ReturnType<typeof schemaAjv> | undefined;

function readSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, SCHEMAS_DIR), "utf8")) as Record<string, unknown>;
}

/** Every schema of schemas/ added to an ajv instance (the build passes code options). */
export function schemaAjv(extra: Record<string, unknown> = {}) {
  const { Ajv2020 } = require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  const addFormats = require("ajv-formats") as { default: (ajv: unknown) => void };
  const ajv = new Ajv2020({ ...AJV_OPTIONS, ...extra });
  addFormats.default(ajv);
  for (const name of SCHEMA_NAMES) ajv.addSchema(readSchema(`${name}.schema.json`));
  return ajv;
}

function compile(name: SchemaName): ValidateFunction {
  compiler ??= schemaAjv();
  const fn = compiler.getSchema(`${name}.schema.json`);
  if (!fn) throw new Error(`schema ${name}.schema.json did not compile`);
  return fn;
}

function load(name: SchemaName): ValidateFunction {
  try {
    return (require(fileURLToPath(generatedValidatorFile(name))) as Record<string, ValidateFunction>)[name];
  } catch (err) {
    // Running from src/ (tests), or a tsc-only build: compile the schema instead.
    if ((err as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw err;
    return compile(name);
  }
}

function validator(name: SchemaName): ValidateFunction {
  let fn = validators.get(name);
  if (!fn) {
    fn = load(name);
    validators.set(name, fn);
  }
  return fn;
}

/** The validator of one kind (loaded or compiled once per process, when first asked for). */
export function kindValidator(kind: KindName): ValidateFunction {
  return validator(kind);
}

/** The validator of a whole manifest file (schemas/manifest.schema.json). */
export function manifestFileValidator(): ValidateFunction {
  return validator("manifest");
}
