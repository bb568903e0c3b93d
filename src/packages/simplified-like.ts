/**
 * A policy read from Kibana compared with a desired one in the simplified format, without building
 * its simplified form where the two agree: thousands of unchanged policies cost a walk each, not a
 * copy and a diff.
 */
import { equalsWithoutNulls, FieldsLike } from "../util/without-nulls.js";
import {
  inputKey,
  isObject,
  type PolicyInput,
  type PolicyStream,
  type PolicyVars,
  plainValue,
  plainVars,
  type SimplifiedInput,
  type SimplifiedTree,
  type SimplifiedVars,
  simplifiedInput,
} from "./simplified.js";

/**
 * toSimplified of a tree read from Kibana, given the comparable form it is compared with (`like`:
 * simplified, nulls and empty objects dropped): an input, or the package vars, whose own comparable
 * form equals its counterpart there is that counterpart, found by walking the full tree without
 * building its simplified form. Thousands of unchanged policies cost a walk each, not a copy.
 */
export function toSimplifiedLike(
  tree: { inputs?: PolicyInput[]; vars?: PolicyVars },
  like: { inputs?: unknown; vars?: unknown },
): SimplifiedTree {
  const likeInputs = isObject(like.inputs) ? like.inputs : {};
  const inputs: Record<string, SimplifiedInput> = {};
  for (const input of tree.inputs ?? []) {
    const key = inputKey(input);
    const counterpart = Object.hasOwn(likeInputs, key) ? likeInputs[key] : undefined;
    inputs[key] =
      counterpart !== undefined && inputMatches(input, counterpart) ? counterpart : simplifiedInput(input);
  }
  const sameVars = like.vars !== undefined && varsMatch(tree.vars, like.vars);
  return { inputs, vars: sameVars ? (like.vars as SimplifiedVars) : (plainVars(tree.vars) ?? {}) };
}

/** Whether simplifiedInput(input), nulls dropped, equals `like` (see equalsWithoutNulls). */
function inputMatches(input: PolicyInput, like: unknown): boolean {
  const fields = new FieldsLike(like);
  return (
    fields.comparable &&
    equalsWithoutNulls(input.enabled, fields.take("enabled")) &&
    varsMatch(input.vars, fields.take("vars")) &&
    streamsMatch(input.streams ?? [], fields.take("streams")) &&
    fields.all()
  );
}

function streamsMatch(streams: PolicyStream[], like: unknown): boolean {
  // A dataset named twice keeps its last stream in its first place: that is compared the long way.
  const datasets = streams.map((s) => s.data_stream.dataset);
  if (new Set(datasets).size !== datasets.length) return false;
  const fields = new FieldsLike(like);
  if (!fields.comparable) return false;
  for (const stream of streams) {
    const own = new FieldsLike(fields.take(stream.data_stream.dataset));
    const same =
      own.comparable &&
      equalsWithoutNulls(stream.enabled, own.take("enabled")) &&
      varsMatch(stream.vars, own.take("vars")) &&
      own.all();
    if (!same) return false;
  }
  return fields.all();
}

function varsMatch(vars: PolicyVars | undefined, like: unknown): boolean {
  if (!vars) return like === undefined;
  const fields = new FieldsLike(like);
  if (!fields.comparable) return false;
  for (const name of Object.keys(vars)) {
    if (!equalsWithoutNulls(plainValue(name, vars[name]), fields.take(name))) return false;
  }
  return fields.all();
}
