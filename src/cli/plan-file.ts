import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Plan } from "../diff/types.js";
import type { KindName } from "../kinds/types.js";
import type { LiveState } from "../read/read-live.js";
import { planToJson } from "../render/json.js";
import { UserError } from "./errors.js";
import type { ValuePins } from "./value-pins.js";
import { writeFileReplacing } from "./write-file.js";

// 2: operations carry the request apply sends, so a plan saved before it could never match again.
// 3: package installs carry theirs too (`force` for a version older than the registry's newest).
const FORMAT = "fleetform-plan/3";

/**
 * A saved plan. It holds no secret: values are masked, and apply re-reads the manifests (and so the
 * environment) for the values to send. What it pins is the reviewed operations, a fingerprint of
 * every live object the plan read, and keyed digests of the interpolated values, so `apply --plan`
 * can refuse when Kibana or an interpolated value changed in between.
 */
export interface PlanFile {
  format: typeof FORMAT;
  created_at: string;
  kibana: string;
  space?: string;
  paths: string[];
  options: { prune: boolean; pruneKinds?: KindName[]; rotateSecrets?: boolean; rotateTokens?: boolean };
  plan: Record<string, unknown>;
  fingerprints: Record<string, string>;
  /** Keyed digests of the interpolated values (never the values): see value-pins.ts. */
  values?: ValuePins;
}

export function fingerprintLive(live: LiveState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [kind, objects] of live) {
    for (const [id, object] of objects) {
      out[`${kind}/${id}`] = createHash("sha256").update(stableJson(object.raw)).digest("hex").slice(0, 32);
    }
  }
  return out;
}

export async function writePlanFile(
  file: string,
  content: Omit<PlanFile, "format" | "created_at" | "plan" | "fingerprints">,
  plan: Plan,
  live: LiveState,
  redact: (text: string) => string,
): Promise<void> {
  const document: PlanFile = {
    format: FORMAT,
    created_at: new Date().toISOString(),
    ...content,
    // Relative to the working directory, so the plan applies from another checkout of the same repo.
    paths: content.paths.map((p) => path.relative(process.cwd(), path.resolve(p)) || "."),
    plan: planToJson(plan),
    fingerprints: fingerprintLive(live),
  };
  await writeFileReplacing(file, redact(`${JSON.stringify(document, null, 2)}\n`), 0o600);
}

export async function readPlanFile(file: string): Promise<PlanFile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new UserError(`cannot read plan file ${file}: ${(err as NodeJS.ErrnoException).code}`);
  }
  let parsed: PlanFile;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UserError(`${file} is not a fleetform plan file (not JSON)`);
  }
  if (parsed?.format !== FORMAT)
    throw new UserError(`${file} is not a fleetform plan file (format ${FORMAT})`);
  return parsed;
}

/** Why a saved plan no longer describes what apply would do, or undefined when it still does. */
export function stalePlanReasons(
  saved: PlanFile,
  plan: Plan,
  live: LiveState,
  redact: (text: string) => string,
): string[] {
  const reasons: string[] = [];
  const now = fingerprintLive(live);
  for (const [key, fingerprint] of Object.entries(saved.fingerprints)) {
    if (now[key] === undefined) reasons.push(`${key} was deleted`);
    else if (now[key] !== fingerprint) reasons.push(`${key} changed`);
  }
  for (const key of Object.keys(now)) if (!(key in saved.fingerprints)) reasons.push(`${key} was created`);
  if (
    reasons.length === 0 &&
    redact(stableJson(planToJson(plan).operations)) !== stableJson(saved.plan.operations)
  ) {
    reasons.push("the manifests (or the values they interpolate) changed");
  }
  return reasons;
}

export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
