import { isUtf8 } from "node:buffer";

/** Length of the UTF-8 sequence that starts at `i`, or 0 when the bytes there are not valid UTF-8 (RFC 3629). */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const c = bytes[i + k];
    return c !== undefined && c >= lo && c <= hi;
  };
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    // No overlong forms (E0 A0..) and no UTF-16 surrogates (ED ..9F).
    const ok = b === 0xe0 ? cont(1, 0xa0) : b === 0xed ? cont(1, 0x80, 0x9f) : cont(1);
    return ok && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const ok = b === 0xf0 ? cont(1, 0x90) : b === 0xf4 ? cont(1, 0x80, 0x8f) : cont(1);
    return ok && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** Byte offset of the first byte that is not valid UTF-8, or undefined when all of `bytes` is. */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  if (isUtf8(bytes)) return undefined;
  for (let i = 0; i < bytes.length; ) {
    const n = sequenceLength(bytes, i);
    if (n === 0) return i;
    i += n;
  }
  return undefined;
}

/**
 * The text of a file, or where its first invalid UTF-8 byte is (1-based line and column, counted in
 * characters). Decoding with replacement characters would silently send something else than the
 * file holds, so fleetform refuses such input instead.
 */
export function decodeUtf8(
  bytes: Buffer,
): { text: string } | { invalid: { offset: number; line: number; column: number } } {
  const offset = firstInvalidUtf8(bytes);
  if (offset === undefined) return { text: bytes.toString("utf8") };
  const lineStart = offset === 0 ? 0 : bytes.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
  const column = bytes.subarray(lineStart, offset).toString("utf8").length + 1;
  return { invalid: { offset, line, column } };
}
