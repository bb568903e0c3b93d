/** Comparing package versions for the plan, and the smallest body that expands to a live policy, for export. */
import {
  defaultTree,
  dropUndefined,
  inputKey,
  type SimplifiedInput,
  type SimplifiedStream,
  type SimplifiedTree,
  type SimplifiedVars,
  toSimplified,
  varDefinitions,
} from "./simplified.js";
import type { PackageInfo } from "./types.js";

/** What moving a policy from one package version to another adds and drops, for the plan. */
export function upgradeNotes(from: PackageInfo, to: PackageInfo): string[] {
  const inputs = (pkg: PackageInfo) => defaultTree(pkg).inputs;
  const streams = (pkg: PackageInfo) =>
    inputs(pkg).flatMap((i) => i.streams.map((s) => `${inputKey(i)}/${s.data_stream.dataset}`));
  const vars = (pkg: PackageInfo) =>
    varDefinitions(pkg).map(({ path }) =>
      path.filter((p) => p !== "vars" && p !== "streams" && p !== "inputs").join("/"),
    );
  const notes: string[] = [];
  const compare = (what: string, before: string[], after: string[]) => {
    const added = after.filter((x) => !before.includes(x));
    const dropped = before.filter((x) => !after.includes(x));
    if (added.length) notes.push(`${to.version} adds ${what}: ${added.join(", ")}`);
    if (dropped.length) notes.push(`${to.version} drops ${what}: ${dropped.join(", ")}`);
  };
  const droppedInputs = inputs(from)
    .map(inputKey)
    .filter((key) => !inputs(to).some((i) => inputKey(i) === key));
  // What a dropped input carries goes with it: listing its streams and vars again is noise.
  const outside = (name: string) => !droppedInputs.some((key) => name === key || name.startsWith(`${key}/`));
  compare("inputs", inputs(from).map(inputKey), inputs(to).map(inputKey));
  compare("streams", streams(from).filter(outside), streams(to));
  const droppedStreams = streams(from).filter((st) => !streams(to).includes(st));
  const outsideStreams = (name: string) =>
    outside(name) && !droppedStreams.some((st) => name.startsWith(`${st}/`));
  compare("vars", vars(from).filter(outsideStreams), vars(to));
  // A version move is always worth a line, even when the policy's shape stays the same.
  if (!notes.length) notes.push(`${to.version} adds and drops no inputs, streams or vars`);
  return [`package ${to.name} ${from.version} → ${to.version}`, ...notes];
}

/**
 * The smallest simplified body that expands back to `live` (for export): only vars that differ from
 * the package defaults, and inputs/streams only where something differs. Mentioning an input or a
 * stream enables it, so a disabled one that must be mentioned says `enabled: false`.
 */
export function minimalSimplified(pkg: PackageInfo, live: Partial<SimplifiedTree>): Partial<SimplifiedTree> {
  const defaults = toSimplified(pkg, defaultTree(pkg));
  const changedVars = (have: SimplifiedVars | undefined, base: SimplifiedVars | undefined) => {
    const out: SimplifiedVars = {};
    for (const [name, value] of Object.entries(have ?? {})) {
      if (!sameValue(value, base?.[name])) out[name] = value;
    }
    return Object.keys(out).length ? out : undefined;
  };
  const inputs: Record<string, SimplifiedInput> = {};
  for (const [key, input] of Object.entries(live.inputs ?? {})) {
    const base = defaults.inputs[key];
    if (!base) continue;
    const streams: Record<string, SimplifiedStream> = {};
    for (const [dataset, stream] of Object.entries(input.streams ?? {})) {
      const baseStream = base.streams?.[dataset];
      const vars = changedVars(stream.vars, baseStream?.vars);
      if (!vars && stream.enabled === baseStream?.enabled) continue;
      streams[dataset] = dropUndefined({ enabled: stream.enabled === false ? false : undefined, vars });
    }
    const vars = changedVars(input.vars, base.vars);
    if (!vars && !Object.keys(streams).length && input.enabled === base.enabled) continue;
    inputs[key] = dropUndefined({
      enabled: input.enabled === false ? false : undefined,
      vars,
      streams: Object.keys(streams).length ? streams : undefined,
    });
  }
  return dropUndefined({
    inputs: Object.keys(inputs).length ? inputs : undefined,
    vars: changedVars(live.vars, defaults.vars),
  });
}

function sameValue(a: unknown, b: unknown): boolean {
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}
