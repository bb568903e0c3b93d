import type { Diagnostic } from "../../src/load/types.js";
import { validateManifest } from "../../src/validate/index.js";
import { loadOne } from "../load/helpers.js";

/** Loads one manifest (which must load cleanly) and validates it. */
export async function validateYaml(yaml: string, env: Record<string, string> = {}): Promise<Diagnostic[]> {
  const loaded = await loadOne(yaml, env);
  if (loaded.errors.length > 0) throw new Error(`load errors: ${JSON.stringify(loaded.errors)}`);
  return validateManifest(loaded);
}

export { where } from "../load/helpers.js";
