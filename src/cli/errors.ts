import type { Diagnostic } from "../load/types.js";

/** An error the user can fix: printed as is (no stack trace), exit code 1. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "UserError";
  }
}

/**
 * The manifests have problems (already printed, one per place, on stderr); `diagnostics` carries them
 * for the `--json` document.
 */
export class ManifestError extends UserError {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[],
  ) {
    super(message);
    this.name = "ManifestError";
  }
}
