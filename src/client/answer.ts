/**
 * What counts as Kibana's answer: JSON, of a bounded size, and for a write an object naming what was
 * written. Anything else (a login page, a proxy's HTML, a truncated body) is described for a message.
 */

/** Default bound on one answer's body: far above any Fleet answer, far below what kills the process. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor(
    readonly limit: number,
    /** The status the answer's headers gave. */
    readonly status: number,
  ) {
    super(`is larger than ${formatBytes(limit)}: stopped reading it`);
  }
}

export type ParsedBody = { json: true; value: unknown } | { json: false; text: string };

export function parseBody(text: string): ParsedBody {
  if (text.length === 0) return { json: false, text };
  try {
    return { json: true, value: JSON.parse(text) };
  } catch {
    return { json: false, text };
  }
}

/**
 * "text/html, 1432 bytes, starting "<!doctype html><title>Sign in…"": enough to recognise a login
 * page or a proxy's error, no more (the whole body could echo anything).
 */
export function describeBody(text: string, contentType: string | undefined): string {
  const type = contentType ? contentType.split(";")[0]!.trim() : "no content type";
  const size = formatBytes(Buffer.byteLength(text));
  if (text.length === 0) return `${type}, empty`;
  const start = [...text.slice(0, 80)]
    .map((c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? " " : c))
    .join("")
    .replace(/\s+/g, " ");
  return `${type}, ${size}, starting ${JSON.stringify(start)}${text.length > 80 ? "…" : ""}`;
}

/**
 * Every Kibana write names what it wrote: `{item: {id…}}` (creates, updates, Fleet settings), `{id}`
 * (deletes), the configuration itself (Cases settings), `{items}` (package installs).
 */
export function isWriteAnswer(body: unknown): boolean {
  if (!body || typeof body !== "object" || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  const item = b.item as Record<string, unknown> | undefined;
  return (
    typeof b.id === "string" ||
    (!!item && typeof item === "object" && typeof item.id === "string") ||
    Array.isArray(b.items)
  );
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MiB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KiB`;
  return `${n} bytes`;
}
