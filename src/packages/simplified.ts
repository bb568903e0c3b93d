/**
 * Kibana's package-policy model, shared by the simulator and the planner so that both expand a
 * simplified body the same way Kibana does. Follows FLEET/common/services/package_to_package_policy.ts
 * (defaults from the package) and simplified_package_policy_helper.ts (simplified ⇄ full tree).
 */
import { clonePlain } from "../util/clone.js";
import { deepFreeze } from "../util/deep-freeze.js";
import { normalizedDataStreams, normalizedInputs } from "./policy-templates.js";
import type {
  PackageDataStream,
  PackageInfo,
  PackagePolicyTemplateInput,
  PackageStreamDef,
  PackageVarDef,
} from "./types.js";

/** One var of the full (legacy) tree: `{type, value}`. */
export interface PolicyVar {
  type?: string;
  value?: unknown;
  frozen?: boolean;
}
export type PolicyVars = Record<string, PolicyVar>;

export interface PolicyStream {
  enabled: boolean;
  data_stream: { type: string; dataset: string };
  vars?: PolicyVars;
  [key: string]: unknown;
}

export interface PolicyInput {
  type: string;
  policy_template?: string;
  enabled: boolean;
  vars?: PolicyVars;
  streams: PolicyStream[];
  [key: string]: unknown;
}

/** The full input/var tree of a package policy, as Kibana stores it. */
export interface PolicyTree {
  inputs: PolicyInput[];
  vars: PolicyVars;
}

export type SimplifiedVars = Record<string, unknown>;
export interface SimplifiedStream {
  enabled?: boolean;
  vars?: SimplifiedVars;
}
export interface SimplifiedInput {
  enabled?: boolean;
  vars?: SimplifiedVars;
  streams?: Record<string, SimplifiedStream>;
}
export interface SimplifiedTree {
  inputs: Record<string, SimplifiedInput>;
  vars: SimplifiedVars;
}

/** Kibana's PackagePolicyValidationError: an input, stream or var the package does not define (400). */
export class PackagePolicyInputError extends Error {
  constructor(
    message: string,
    /** Where in the simplified body: e.g. ["inputs", "nginx-logfile", "streams", "nginx.access"]. */
    readonly path: string[],
    /** The names the package offers at that place. */
    readonly offered: string[],
  ) {
    super(message);
  }
}

const DATASET_VAR = "data_stream.dataset";

/** `<policy_template>-<input type>`, or just the type when there is no template. */
export function inputKey(input: { policy_template?: string; type: string }): string {
  return input.policy_template ? `${input.policy_template}-${input.type}` : input.type;
}

/** Kibana's varsReducer: a multi var without a default starts as `[]`. */
function varsFrom(defs: PackageVarDef[] | undefined): PolicyVars | undefined {
  if (!defs?.length) return undefined;
  const vars: PolicyVars = {};
  for (const def of defs) {
    const entry: PolicyVar = { value: !def.default && def.multi ? [] : structuredClone(def.default) };
    if (def.type) entry.type = def.type;
    vars[def.name] = entry;
  }
  return vars;
}

function streamsForInput(pkg: PackageInfo, inputType: string, dataStreamPaths?: string[]) {
  const found: { stream: PackageStreamDef; dataStream: PackageDataStream }[] = [];
  for (const dataStream of normalizedDataStreams(pkg)) {
    if (dataStreamPaths?.length && !dataStreamPaths.includes(dataStream.path)) continue;
    for (const stream of dataStream.streams ?? []) {
      if (stream.input === inputType) found.push({ stream, dataStream });
    }
  }
  return found;
}

/** The policy a create with no inputs or vars yields: every input and stream at the package's defaults. */
export function packageToPolicyInputs(pkg: PackageInfo): PolicyTree {
  return clonePlain(defaultTree(pkg));
}

const defaultTrees = new WeakMap<PackageInfo, PolicyTree>();

/** packageToPolicyInputs, computed once per package definition; callers must not mutate it. */
export function defaultTree(pkg: PackageInfo): PolicyTree {
  let tree = defaultTrees.get(pkg);
  if (!tree) {
    // Frozen: trees expanded from it share its unchanged parts, so a write to one would change them all.
    tree = deepFreeze(buildDefaultTree(pkg));
    defaultTrees.set(pkg, tree);
  }
  return tree;
}

/**
 * The inputs Kibana's packageToPackagePolicyInputs builds a policy from, by `<template>-<type>`: a
 * later template offering the same key replaces the earlier one (in the earlier one's place).
 */
function packageInputs(pkg: PackageInfo) {
  const byKey = new Map<
    string,
    { input: PackagePolicyTemplateInput; template: string; dataStreams?: string[] }
  >();
  for (const template of pkg.policy_templates ?? []) {
    for (const input of normalizedInputs(template)) {
      byKey.set(`${template.name}-${input.type}`, {
        input,
        template: template.name,
        dataStreams: template.data_streams,
      });
    }
  }
  return [...byKey.entries()].map(([key, entry]) => ({ key, ...entry }));
}

function buildDefaultTree(pkg: PackageInfo): PolicyTree {
  const inputs: PolicyInput[] = packageInputs(pkg).map(({ input: packageInput, template, dataStreams }) => {
    const streams: PolicyStream[] = streamsForInput(pkg, packageInput.type, dataStreams).map(
      ({ stream, dataStream }) => {
        const out: PolicyStream = {
          enabled: stream.enabled !== false,
          data_stream: { type: dataStream.type, dataset: dataStream.dataset },
        };
        const vars = varsFrom(stream.vars);
        if (vars) out.vars = vars;
        return out;
      },
    );
    const input: PolicyInput = {
      type: packageInput.type,
      policy_template: template,
      enabled: streams.length ? streams.some((s) => s.enabled) : true,
      streams,
    };
    const vars = varsFrom(packageInput.vars);
    if (vars) input.vars = vars;
    return input;
  });
  return { inputs, vars: varsFrom(pkg.vars) ?? {} };
}

/**
 * `target` with `values` set, as a new object that shares every entry it does not change; `target`
 * itself when there is nothing to set.
 */
function assignVars(
  values: SimplifiedVars,
  target: PolicyVars | undefined,
  where: string,
  path: string[],
): PolicyVars | undefined {
  const names = Object.keys(values);
  if (names.length === 0) return target;
  const out: PolicyVars = { ...target };
  for (const name of names) {
    const entry = target?.[name];
    if (!entry) {
      throw new PackagePolicyInputError(
        `Variable ${where}:${name} not found`,
        [...path, name],
        Object.keys(target ?? {}),
      );
    }
    out[name] = { ...entry, value: values[name] };
  }
  return out;
}

/**
 * Applies a simplified body to the package's default tree (Kibana's simplifiedPackagePolicytoNewPackagePolicy):
 * an input or stream the body mentions is enabled unless it says `enabled: false`; anything it leaves
 * out keeps the package default. Throws PackagePolicyInputError for names the package does not define.
 *
 * Copy on write: the result is new along the paths the body changes and shares everything else with
 * `base` (a plan expands thousands of policies of one package: cloning the whole tree for each was most
 * of its time). It is read-only, as `base` is; expandSimplified gives a tree of one's own.
 */
export function applySimplified(
  _pkg: PackageInfo,
  base: PolicyTree,
  body: { inputs?: Record<string, SimplifiedInput> | unknown; vars?: SimplifiedVars | unknown },
): PolicyTree {
  const tree: PolicyTree = { inputs: [...base.inputs], vars: base.vars };
  if (isObject(body.vars)) tree.vars = assignVars(body.vars, tree.vars, "", ["vars"]) ?? tree.vars;
  for (const [key, wanted] of Object.entries(isObject(body.inputs) ? body.inputs : {})) {
    const index = tree.inputs.findIndex((i) => inputKey(i) === key);
    if (index === -1) {
      throw new PackagePolicyInputError(
        `Input not found: ${key}`,
        ["inputs", key],
        tree.inputs.map(inputKey),
      );
    }
    const input: PolicyInput = { ...tree.inputs[index]!, streams: [...tree.inputs[index]!.streams] };
    tree.inputs[index] = input;
    const spec = (isObject(wanted) ? wanted : {}) as SimplifiedInput;
    input.enabled = spec.enabled !== false;
    if (isObject(spec.vars)) {
      const vars = assignVars(spec.vars, input.vars, key, ["inputs", key, "vars"]);
      if (vars !== input.vars) input.vars = vars;
    }
    for (const [dataset, streamSpec] of Object.entries(isObject(spec.streams) ? spec.streams : {})) {
      const at = input.streams.findIndex((s) => s.data_stream.dataset === dataset);
      if (at === -1) {
        throw new PackagePolicyInputError(
          `Stream not found ${key}: ${dataset}`,
          ["inputs", key, "streams", dataset],
          input.streams.map((s) => s.data_stream.dataset),
        );
      }
      const stream: PolicyStream = { ...input.streams[at]! };
      input.streams[at] = stream;
      const s = (isObject(streamSpec) ? streamSpec : {}) as SimplifiedStream;
      stream.enabled = s.enabled !== false;
      if (isObject(s.vars)) {
        const vars = assignVars(s.vars, stream.vars, `${key} ${dataset}`, [
          "inputs",
          key,
          "streams",
          dataset,
          "vars",
        ]);
        if (vars !== stream.vars) stream.vars = vars;
      }
    }
  }
  return tree;
}

/**
 * Kibana's alignInputsAndStreams (FLEET/server/routes/package_policy/utils/index.ts), which the create
 * and update handlers apply to every body, simplified or legacy: an enabled input whose streams are
 * all disabled is turned off. An input without streams is left as it is.
 */
export function alignInputsAndStreams<T extends { enabled: boolean; streams?: { enabled: boolean }[] }>(
  inputs: T[],
): T[] {
  return inputs.map((input) =>
    input.enabled === true && (input.streams?.length ?? 0) > 0 && input.streams!.every((s) => !s.enabled)
      ? { ...input, enabled: false }
      : input,
  );
}

/** The full tree Kibana builds from the package's defaults plus a simplified body: the caller's own copy. */
export function expandSimplified(pkg: PackageInfo, body: { inputs?: unknown; vars?: unknown }): PolicyTree {
  return clonePlain(simplifiedView(pkg, body));
}

/**
 * expandSimplified without the copy, for reading only: unchanged parts are the package's default tree,
 * shared by every policy of that package (the planner compares thousands of them).
 */
export function simplifiedView(pkg: PackageInfo, body: { inputs?: unknown; vars?: unknown }): PolicyTree {
  return applySimplified(pkg, defaultTree(pkg), body);
}

export function plainVars(vars: PolicyVars | undefined): SimplifiedVars | undefined {
  if (!vars) return undefined;
  const out: SimplifiedVars = {};
  for (const [name, entry] of Object.entries(vars)) out[name] = plainValue(name, entry);
  return out;
}

/** A var's value in the simplified format. */
export function plainValue(name: string, entry: PolicyVar | undefined): unknown {
  const value = entry?.value as { dataset?: unknown } | undefined;
  // The dataset var uses an internal `{dataset}` form that the simplified format flattens.
  return name === DATASET_VAR && isObject(value) && value.dataset ? value.dataset : entry?.value;
}

/** The full tree in Kibana's simplified format (formatInputs / formatVars). */
export function toSimplified(
  _pkg: PackageInfo | undefined,
  tree: { inputs?: PolicyInput[]; vars?: PolicyVars },
): SimplifiedTree {
  const inputs: Record<string, SimplifiedInput> = {};
  for (const input of tree.inputs ?? []) inputs[inputKey(input)] = simplifiedInput(input);
  return { inputs, vars: plainVars(tree.vars) ?? {} };
}

/**
 * The simplified forms of the package's shared (frozen) default inputs and streams, computed once:
 * most of a policy's tree is the package defaults its manifest leaves alone, the same for thousands.
 */
const simplifiedOfShared = new WeakMap<object, SimplifiedInput | SimplifiedStream>();

function sharedOr<T extends SimplifiedInput | SimplifiedStream>(part: object, compute: () => T): T {
  if (!Object.isFrozen(part)) return compute();
  let done = simplifiedOfShared.get(part) as T | undefined;
  if (!done) {
    done = deepFreeze(compute());
    simplifiedOfShared.set(part, done);
  }
  return done;
}

/** An input of the full tree in the simplified format (shared where the input is a frozen default). */
export function simplifiedInput(input: PolicyInput): SimplifiedInput {
  return sharedOr(input, () => {
    const streams: Record<string, SimplifiedStream> = {};
    for (const stream of input.streams ?? []) {
      streams[stream.data_stream.dataset] = sharedOr(stream, () =>
        dropUndefined({ enabled: stream.enabled, vars: plainVars(stream.vars) }),
      );
    }
    return dropUndefined({ enabled: input.enabled, vars: plainVars(input.vars), streams });
  });
}

const definitions = new WeakMap<PackageInfo, { path: string[]; def: PackageVarDef }[]>();

/** Every var definition of a package with the simplified path it lives at (computed once per package). */
export function varDefinitions(pkg: PackageInfo): { path: string[]; def: PackageVarDef }[] {
  let found = definitions.get(pkg);
  if (!found) {
    found = collectVarDefinitions(pkg);
    definitions.set(pkg, found);
  }
  return found;
}

function collectVarDefinitions(pkg: PackageInfo): { path: string[]; def: PackageVarDef }[] {
  const out: { path: string[]; def: PackageVarDef }[] = [];
  for (const def of pkg.vars ?? []) out.push({ path: ["vars", def.name], def });
  for (const { key, input, dataStreams } of packageInputs(pkg)) {
    for (const def of input.vars ?? []) out.push({ path: ["inputs", key, "vars", def.name], def });
    for (const { stream, dataStream } of streamsForInput(pkg, input.type, dataStreams)) {
      for (const def of stream.vars ?? []) {
        out.push({ path: ["inputs", key, "streams", dataStream.dataset, "vars", def.name], def });
      }
    }
  }
  return out;
}

export function isSecretRef(value: unknown): value is { id: string; isSecretRef: true } {
  return isObject(value) && value.isSecretRef === true && typeof value.id === "string";
}

export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function dropUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}
