/**
 * What counts as Kibana's answer: JSON, of a bounded size, and for a write an object naming what was
 * written. Anything else (a login page, a proxy's HTML, a truncated body) is described for a message.
 */
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";

/** Default bound on one answer's body: far above any Fleet answer, far below what kills the process. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`is larger than ${formatBytes(limit)}: stopped reading it`);
  }
}

/** Reads a body, giving up (and dropping the connection) once it passes `maxBytes`. */
export async function readBounded(body: Readable, maxBytes: number): Promise<string> {
  // Decoded as it arrives: each chunk can go at once, instead of all of them and their concatenation
  // living beside the text (a list page is megabytes, and several are read at a time).
  const decoder = new StringDecoder("utf8");
  let text = "";
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      discard(body);
      throw new BodyTooLargeError(maxBytes);
    }
    text += decoder.write(chunk as Buffer);
  }
  return text + decoder.end();
}

/** Stops reading a body and drops its connection (no error may escape: nobody listens any more). */
export function discard(body: Readable): void {
  body.on("error", () => {});
  body.destroy();
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
