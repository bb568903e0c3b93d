/**
 * Freezes a value and everything below it. Values computed once and shared by every caller (a
 * package's default tree, a kind's empty values) are frozen so that a write to one reads as an error
 * instead of silently changing them for all.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * A frozen deep copy of plain data that shares the parts already frozen (frozen parts are shared
 * already: a package's default tree). For a value computed once and handed to many callers.
 */
export function frozenCopy<T>(value: T): T {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy)) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const copy = frozenCopy((value as Record<string, unknown>)[key]);
    // An own `__proto__` key (JSON.parse makes one) stays a key: assigning it would set the prototype.
    if (key === "__proto__") Object.defineProperty(out, key, { value: copy, enumerable: true });
    else out[key] = copy;
  }
  return Object.freeze(out) as T;
}
