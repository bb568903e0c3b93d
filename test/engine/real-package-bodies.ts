/**
 * Integration-policy bodies for the sweep over real packages: the package defaults with values only
 * for the required vars Kibana refuses empty, every input and stream enabled, and one var changed at
 * each level. Built from the package info the simulator serves, as a person would read it.
 */
import { defaultTree, inputKey, varDefinitions } from "../../src/packages/simplified.js";
import type { PackageInfo, PackageVarDef } from "../../src/packages/types.js";

type Vars = Record<string, unknown>;
export interface SimplifiedBody {
  vars?: Vars;
  inputs?: Record<
    string,
    { enabled?: boolean; vars?: Vars; streams?: Record<string, { enabled?: boolean; vars?: Vars }> }
  >;
}

/**
 * Whether Kibana refuses the package's own default of a required var (validatePackagePolicyConfig in
 * FLEET/common/services/validate_package_policy.ts): no default, an empty yaml text, an empty list,
 * or a text list with a blank item.
 */
export function needsValue(def: PackageVarDef): boolean {
  if (!def.required) return false;
  const d = def.default;
  if (def.multi && !d) return true; // varsReducer makes it []
  if (d === undefined || d === null) return true;
  if (def.type === "yaml" && typeof d === "string" && d.trim() === "") return true;
  if (Array.isArray(d))
    return d.length === 0 || (def.type === "text" && d.some((x) => String(x).trim() === ""));
  return false;
}

/** A value of the var's type; `changed` makes it differ from the package default. */
export function sampleValue(def: PackageVarDef, changed = false): unknown {
  const one = (): unknown => {
    switch (def.type) {
      case "bool":
        return changed ? !(def.default === true || def.default === "true") : true;
      case "integer":
        return changed ? (Number.isInteger(Number(def.default)) ? Number(def.default) + 1 : 7) : 1;
      case "yaml":
        return changed ? "# changed by the sweep\nchanged: true\n" : "sweep: true\n";
      case "select": {
        const options = (def.options ?? []).map((o) => o.value);
        return options.find((o) => !changed || o !== def.default) ?? options[0];
      }
      case "password":
        return "sweep-secret-value";
      case "url":
        return "https://sweep.example.com";
      case "duration":
        return changed ? "17s" : "10s";
      default:
        return changed ? "changed-by-sweep" : "sweep";
    }
  };
  return def.multi ? [one()] : one();
}

interface Scope {
  /** ["vars"], ["inputs", key, "vars"] or ["inputs", key, "streams", dataset, "vars"]. */
  at: string[];
  enabledByDefault: boolean;
  defs: PackageVarDef[];
}

/** Every place vars live, with whether the package enables it by default. */
function scopes(pkg: PackageInfo): Scope[] {
  const tree = defaultTree(pkg);
  const byPlace = new Map<string, Scope>();
  const enabled = (at: string[]) => {
    if (at[0] === "vars") return true;
    const input = tree.inputs.find((i) => inputKey(i) === at[1]);
    if (!input?.enabled) return false;
    return at.length === 3 || input.streams.some((s) => s.data_stream.dataset === at[3] && s.enabled);
  };
  for (const { path, def } of varDefinitions(pkg)) {
    const at = path.slice(0, -1);
    const key = at.join("\0");
    let scope = byPlace.get(key);
    if (!scope) {
      scope = { at, enabledByDefault: enabled(at), defs: [] };
      byPlace.set(key, scope);
    }
    scope.defs.push(def);
  }
  return [...byPlace.values()];
}

function setVar(body: SimplifiedBody, at: string[], name: string, value: unknown): void {
  if (at[0] === "vars") {
    body.vars = { ...body.vars, [name]: value };
    return;
  }
  body.inputs ??= {};
  body.inputs[at[1]!] ??= {};
  const input = body.inputs[at[1]!]!;
  if (at.length === 3) {
    input.vars = { ...input.vars, [name]: value };
    return;
  }
  input.streams ??= {};
  input.streams[at[3]!] ??= {};
  const stream = input.streams[at[3]!]!;
  stream.vars = { ...stream.vars, [name]: value };
}

/** The simplified paths of the required vars without a usable default, where the defaults use them. */
export function requiredPaths(pkg: PackageInfo): string[][] {
  return scopes(pkg)
    .filter((s) => s.enabledByDefault)
    .flatMap((s) => s.defs.filter(needsValue).map((d) => [...s.at, d.name]));
}

/** The package defaults, plus values for the required vars Kibana would refuse empty. */
export function defaultsBody(pkg: PackageInfo): SimplifiedBody {
  const body: SimplifiedBody = {};
  for (const path of requiredPaths(pkg)) {
    const def = varDefinitions(pkg).find((d) => d.path.join("\0") === path.join("\0"))!.def;
    setVar(body, path.slice(0, -1), path.at(-1)!, sampleValue(def));
  }
  return body;
}

/** Every input and stream enabled, with values for the required vars each needs. */
export function everythingBody(pkg: PackageInfo): SimplifiedBody {
  const body: SimplifiedBody = { inputs: {} };
  for (const input of defaultTree(pkg).inputs) {
    const streams = Object.fromEntries(input.streams.map((s) => [s.data_stream.dataset, { enabled: true }]));
    body.inputs![inputKey(input)] = { enabled: true, ...(input.streams.length ? { streams } : {}) };
  }
  for (const scope of scopes(pkg)) {
    for (const def of scope.defs.filter(needsValue)) setVar(body, scope.at, def.name, sampleValue(def));
  }
  return body;
}

const changeable = (def: PackageVarDef) => def.type !== "password" && def.secret !== true;

/** The defaults body with one var changed at package, input and stream level (where the package has one). */
export function changedBody(pkg: PackageInfo): { body: SimplifiedBody; changed: string[][] } {
  const body = defaultsBody(pkg);
  const changed: string[][] = [];
  const enabledScopes = scopes(pkg).filter((s) => s.enabledByDefault);
  for (const level of [1, 3, 5]) {
    const scope = enabledScopes.find((s) => s.at.length === level && s.defs.some(changeable));
    if (!scope) continue;
    const def = scope.defs.find(changeable)!;
    setVar(body, scope.at, def.name, sampleValue(def, true));
    changed.push([...scope.at, def.name]);
  }
  return { body, changed };
}
