import type { Target } from "../read/target.js";

/** `Kibana 9.3.0 at https://kibana.example.com, space "ops"`: which Kibana a plan or report is about. */
export function describeTarget(target: Target): string {
  return `Kibana ${target.version ?? "(version unknown)"} at ${target.url}, space "${target.space}"`;
}

/** The same in Markdown: the URL and space as code, so nothing in them is read as markup. */
export function describeTargetMarkdown(target: Target): string {
  return `Kibana **${target.version ?? "(version unknown)"}** at \`${target.url.replace(/`/g, "'")}\`, space \`${target.space.replace(/`/g, "'")}\``;
}

/** The `target` member of the --json documents. */
export function targetToJson(target: Target): Record<string, unknown> {
  return {
    kibana_url: target.url,
    space: target.space,
    ...(target.version ? { kibana_version: target.version } : {}),
  };
}
