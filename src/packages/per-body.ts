/**
 * Values computed once per package and simplified body (its inputs and vars) instead of once per
 * integration policy: a fleet's thousands of policies of a package say a handful of different things.
 */
import type { PackageInfo } from "./types.js";

type SimplifiedBody = { inputs?: unknown; vars?: unknown };

export class PerBody<T> {
  private readonly byPackage = new WeakMap<PackageInfo, Map<string, T>>();

  /** `compute` must depend on nothing but the package and the body's inputs and vars. */
  constructor(private readonly compute: (pkg: PackageInfo, body: SimplifiedBody) => T) {}

  /** The value for this package and body: computed once, then shared (callers must not change it). */
  get(pkg: PackageInfo, body: SimplifiedBody): T {
    const key = bodyKey(body);
    if (key === undefined) return this.compute(pkg, body);
    let values = this.byPackage.get(pkg);
    if (!values) {
      values = new Map();
      this.byPackage.set(pkg, values);
    }
    let value = values.get(key);
    if (value === undefined) {
      value = this.compute(pkg, body);
      values.set(key, value);
    }
    return value;
  }
}

/**
 * The body's inputs and vars as JSON, or undefined where JSON would write two different bodies
 * alike: a number JSON cannot hold or writes as another (NaN, Infinity, -0), an undefined member
 * or list item, anything but plain objects, lists and scalars.
 */
function bodyKey(body: SimplifiedBody): string | undefined {
  const plain =
    (body.inputs === undefined || isPlain(body.inputs)) && (body.vars === undefined || isPlain(body.vars));
  return plain ? JSON.stringify({ inputs: body.inputs, vars: body.vars }) : undefined;
}

function isPlain(value: unknown): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    case "object": {
      if (value === null) return true;
      const proto = Object.getPrototypeOf(value);
      if (proto === Array.prototype) {
        const list = value as unknown[];
        for (let i = 0; i < list.length; i++) if (!isPlain(list[i])) return false; // holes too
        return true;
      }
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) if (!isPlain((value as Record<string, unknown>)[key])) return false;
      return true;
    }
    default:
      return false;
  }
}
