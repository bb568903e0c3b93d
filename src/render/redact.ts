import { SECRET_MASK } from "../util/secret-mask.js";

/**
 * Masks every known secret value (interpolated values, credentials) in text about to be shown or
 * written. This is the last line of defence: renderers already mask write-only fields.
 */
export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: Iterable<string | undefined>) {
    // Longest first, so a secret containing another is masked whole; very short values would
    // mask ordinary words, and are not secrets worth the noise.
    this.secrets = [
      ...new Set([...secrets].filter((s): s is string => typeof s === "string" && s.length >= 4)),
    ].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(SECRET_MASK);
      const json = JSON.stringify(secret).slice(1, -1);
      if (json !== secret && out.includes(json)) out = out.split(json).join(SECRET_MASK);
    }
    return out;
  }
}
