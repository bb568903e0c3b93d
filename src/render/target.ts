import type { Plan } from "../diff/types.js";
import type { Target } from "../read/target.js";

/** What a plan says of the spaces it covers: all of them, and the run's own (`--space`). */
export type PlanSpaces = Pick<Plan, "spaces" | "runSpace">;

/**
 * The spaces a plan must name itself: all of them when they are several, or the one when it is not
 * the run's own (a manifest whose sections all say `space: ops`, run without `--space`). Otherwise
 * the run's space says it, and naming it on every line would be noise.
 */
function named(plan: PlanSpaces | undefined, runSpace?: string): readonly string[] | undefined {
  const spaces = plan?.spaces;
  if (!spaces || spaces.length === 0) return undefined;
  const own = plan?.runSpace ?? runSpace;
  return spaces.length > 1 || (own !== undefined && spaces[0] !== own) ? spaces : undefined;
}

function where(target: Target, plan: PlanSpaces | undefined, quote: (space: string) => string): string {
  const all = named(plan, target.space);
  if (!all) return `space ${quote(target.space)}`;
  return all.length === 1 ? `space ${quote(all[0]!)}` : `spaces ${all.map(quote).join(", ")}`;
}

/**
 * `Kibana 9.3.0 at https://kibana.example.com, space "ops"` (or `spaces "default", "ops"` for a plan
 * that covers several): which Kibana a plan or report is about.
 */
export function describeTarget(target: Target, plan?: PlanSpaces): string {
  return `Kibana ${target.version ?? "(version unknown)"} at ${target.url}, ${where(target, plan, (s) => `"${s}"`)}`;
}

/** The same in Markdown: the URL and spaces as code, so nothing in them is read as markup. */
export function describeTargetMarkdown(target: Target, plan?: PlanSpaces): string {
  const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
  return `Kibana **${target.version ?? "(version unknown)"}** at ${code(target.url)}, ${where(target, plan, code)}`;
}

/**
 * The `target` member of the --json documents: `space` is the run's own, `spaces` all a plan covers
 * whenever they are not just the run's own.
 */
export function targetToJson(target: Target, plan?: PlanSpaces): Record<string, unknown> {
  const spaces = named(plan, target.space);
  return {
    kibana_url: target.url,
    space: target.space,
    ...(spaces ? { spaces } : {}),
    ...(target.version ? { kibana_version: target.version } : {}),
  };
}

/** ` in space "ops"`: where an operation's object lives, said when the plan names its spaces. */
export function spaceSuffix(op: { space?: string }, plan: PlanSpaces | undefined): string {
  return op.space && named(plan) ? ` in space "${op.space}"` : "";
}
