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
