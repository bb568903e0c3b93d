/** The value at a path of keys in nested objects, or undefined when the path leaves them. */
export function valueAt(root: unknown, path: readonly string[]): unknown {
  let node: any = root;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = node[segment];
  }
  return node;
}

/** Sets the value at a path of keys, creating the objects on the way (replacing what is not one). */
export function setValueAt(root: Record<string, any>, path: readonly string[], value: unknown): void {
  let node = root;
  for (const key of path.slice(0, -1)) {
    if (!node[key] || typeof node[key] !== "object") node[key] = {};
    node = node[key];
  }
  node[path.at(-1)!] = value;
}

/** Removes the key at the end of a path of keys in nested objects, if it is there. */
export function removeValueAt(root: unknown, path: readonly string[]): void {
  const parent = valueAt(root, path.slice(0, -1));
  if (parent && typeof parent === "object" && !Array.isArray(parent))
    delete (parent as Record<string, unknown>)[path.at(-1)!];
}

/** One segment of an RFC 6901 JSON Pointer, unescaped (`~1` is `/`, `~0` is `~`). */
export function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The keys a JSON Pointer (`/inputs/a~1b`) walks through. */
export function pointerKeys(pointer: string): string[] {
  return pointer.split("/").slice(1).map(unescapePointer);
}
