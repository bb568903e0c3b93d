import type { Diagnostic, LoadedManifest } from "../load/types.js";
import { toDiagnostics } from "./messages.js";
import { kindValidator } from "./schemas.js";

export { objectLabel } from "./messages.js";
export { manifestFileValidator, SCHEMAS_DIR } from "./schemas.js";

/**
 * Checks every loaded object against its kind's JSON Schema (schemas/<kind>.schema.json) and returns
 * one diagnostic per problem, placed at the offending value (or key, for unknown fields).
 * Load errors are not repeated here; callers report `loaded.errors` first.
 */
export function validateManifest(loaded: LoadedManifest): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const obj of loaded.objects) {
    const validate = kindValidator(obj.kind);
    if (!validate(obj.body)) diagnostics.push(...toDiagnostics(obj, validate.errors ?? []));
  }
  return diagnostics;
}
