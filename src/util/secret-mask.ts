/** What every output shows in place of a secret. */
export const SECRET_MASK = "(sensitive)";

/** Whether the value at `path` of an object (or the value it lies in) came from `${env:}`/`${file:}`. */
export function isInterpolated(
  object: { interpolated?: string[][] },
  path: readonly (string | number)[],
): boolean {
  const at = path.map(String);
  return (object.interpolated ?? []).some((p) => p.length <= at.length && p.every((k, i) => k === at[i]));
}

/**
 * A manifest value as a message quotes it: `"value"`, or the mask when the manifest interpolated it.
 * Messages must mask by provenance: the Redactor, the last line of defence, leaves values under four
 * characters alone (they would mask ordinary words), so a short secret would otherwise be printed.
 */
export function quoteValue(
  object: { interpolated?: string[][] },
  path: readonly (string | number)[],
  value: unknown,
): string {
  return isInterpolated(object, path) ? SECRET_MASK : `"${String(value)}"`;
}
