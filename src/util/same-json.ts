/**
 * Whether two plain values would serialize to the same JSON once their keys are sorted: key order,
 * undefined properties and -0 do not count. Compares in place instead of sorting and serializing
 * both sides (an export compares every object several times).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return JSON.stringify(a) === JSON.stringify(b);
  if (!a || !b || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    // JSON writes an undefined list item as null.
    return a.every((item, i) => sameJson(item ?? null, b[i] ?? null));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x).filter((k) => x[k] !== undefined);
  if (keys.length !== Object.keys(y).filter((k) => y[k] !== undefined).length) return false;
  return keys.every((k) => y[k] !== undefined && Object.hasOwn(y, k) && sameJson(x[k], y[k]));
}
