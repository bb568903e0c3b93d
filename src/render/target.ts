import type { Target } from "../read/target.js";

/** The spaces a plan covers, when they are more than one (otherwise the target's space says it). */
function several(spaces: readonly string[] | undefined): readonly string[] | undefined {
  return spaces && spaces.length > 1 ? spaces : undefined;
}

/**
 * `Kibana 9.3.0 at https://kibana.example.com, space "ops"` (or `spaces "default", "ops"` for a plan
 * that covers several): which Kibana a plan or report is about.
 */
export function describeTarget(target: Target, spaces?: readonly string[]): string {
  const all = several(spaces);
  const where = all ? `spaces ${all.map((s) => `"${s}"`).join(", ")}` : `space "${target.space}"`;
  return `Kibana ${target.version ?? "(version unknown)"} at ${target.url}, ${where}`;
}

/** The same in Markdown: the URL and spaces as code, so nothing in them is read as markup. */
export function describeTargetMarkdown(target: Target, spaces?: readonly string[]): string {
  const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
  const all = several(spaces);
  const where = all ? `spaces ${all.map(code).join(", ")}` : `space ${code(target.space)}`;
  return `Kibana **${target.version ?? "(version unknown)"}** at ${code(target.url)}, ${where}`;
}

/** The `target` member of the --json documents: `space` is the run's own, `spaces` all a plan covers. */
export function targetToJson(target: Target, spaces?: readonly string[]): Record<string, unknown> {
  return {
    kibana_url: target.url,
    space: target.space,
    ...(several(spaces) ? { spaces } : {}),
    ...(target.version ? { kibana_version: target.version } : {}),
  };
}

/** ` in space "ops"`: where an operation's object lives, said when the plan covers several spaces. */
export function spaceSuffix(op: { space?: string }, spaces: readonly string[] | undefined): string {
  return op.space && several(spaces) ? ` in space "${op.space}"` : "";
}
