/**
 * Values compared the way a plan compares them: null and empty objects mean "not set", like absent.
 * `withoutNulls` gives a value's comparable form; `equalsWithoutNulls` tells whether a value has a
 * given comparable form without building its own: an unchanged object costs a walk, not a copy.
 */
import { deepFreeze } from "./deep-freeze.js";

type Plain = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Plain => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * `value` without nulls and empty objects (undefined when nothing is left; a list keeps its length,
 * a dropped element becomes null). Copy on write: a part with nothing to drop is returned as it is,
 * shared (comparable forms are read, never changed).
 */
export function withoutNulls(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== "object") return value;
  // A frozen part is shared (a package's default inputs): its result is too, computed once.
  if (Object.isFrozen(value)) {
    if (!withoutNullsOfShared.has(value))
      withoutNullsOfShared.set(value, deepFreeze(withoutNullsOnce(value)));
    return withoutNullsOfShared.get(value);
  }
  return withoutNullsOnce(value);
}

const withoutNullsOfShared = new WeakMap<object, unknown>();

function withoutNullsOnce(value: object): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = withoutNulls(value[i]) ?? null;
      if (out) out.push(item);
      else if (item !== value[i]) {
        out = value.slice(0, i);
        out.push(item);
      }
    }
    return out ?? value;
  }
  const source = value as Plain;
  const keys = Object.keys(source);
  let out: Plain | undefined;
  let kept = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const d = withoutNulls(source[key]);
    if (!out && (d === undefined || d !== source[key])) {
      // The first change: copy what came before it (all kept as they are).
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]!] = source[keys[j]!];
    }
    if (d === undefined) continue;
    kept++;
    if (out) out[key] = d;
  }
  if (kept === 0) return undefined;
  return out ?? value;
}

/**
 * Whether `withoutNulls(value)` deep-equals `like`, a comparable form (withoutNulls' output, or
 * undefined for "not set"), found without building it. Numbers compare with Object.is, stricter
 * than a diff (-0 and 0 differ): "equal" here always means "the diff has nothing to say".
 */
export function equalsWithoutNulls(value: unknown, like: unknown): boolean {
  if (value === null || value === undefined) return like === undefined;
  if (typeof value !== "object") return Object.is(value, like);
  if (value === like) return true; // a comparable form is its own
  if (Array.isArray(value)) {
    if (!Array.isArray(like) || like.length !== value.length) return false;
    for (let i = 0; i < value.length; i++) {
      const expected = like[i];
      // A dropped element is null in the comparable form.
      if (expected === undefined || !equalsWithoutNulls(value[i], expected === null ? undefined : expected))
        return false;
    }
    return true;
  }
  const fields = new FieldsLike(like);
  if (!fields.comparable) return false;
  for (const key of Object.keys(value)) {
    if (!equalsWithoutNulls((value as Plain)[key], fields.take(key))) return false;
  }
  return fields.all();
}

/**
 * An object compared with a comparable form field by field, without being built (its fields may be
 * computed from another shape): `take` the form's value of each of its keys (each once), compare it
 * with the field's own, then `all`.
 */
export class FieldsLike {
  /** False when the form is no object at all: then no object equals it. */
  readonly comparable: boolean;
  private readonly like: Plain | undefined;
  private taken = 0;

  constructor(like: unknown) {
    this.comparable = like === undefined || isPlainObject(like);
    this.like = isPlainObject(like) ? like : undefined;
  }

  /** The form's value of the field `key` (undefined: the field must drop out). */
  take(key: string): unknown {
    const expected = this.like && Object.hasOwn(this.like, key) ? this.like[key] : undefined;
    if (expected !== undefined) this.taken++;
    return expected;
  }

  /**
   * Once every field matched: whether the form has no field the object lacks. An object whose
   * fields all drop is "not set" (undefined), never an empty object.
   */
  all(): boolean {
    if (!this.comparable) return false;
    if (this.like === undefined) return true;
    return this.taken > 0 && this.taken === Object.keys(this.like).length;
  }
}
