/** The value at a path of keys in nested objects, or undefined when the path leaves them. */
export function valueAt(root: unknown, path: readonly string[]): unknown {
  let node: any = root;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = node[segment];
  }
  return node;
}

/** One segment of an RFC 6901 JSON Pointer, unescaped (`~1` is `/`, `~0` is `~`). */
export function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The keys a JSON Pointer (`/inputs/a~1b`) walks through. */
export function pointerKeys(pointer: string): string[] {
  return pointer.split("/").slice(1).map(unescapePointer);
}
