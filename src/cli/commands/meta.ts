import { readFile } from "node:fs/promises";
import { Command } from "commander";
import { isKindName, KIND_NAMES } from "../../kinds/shapes.js";
import { didYouMean } from "../../util/did-you-mean.js";
import { EDITOR_SCHEMA_FILE, EDITOR_SCHEMAS_DIR } from "../../util/editor-schema.js";
import { type CliContext, exitWith } from "../context.js";
import { UserError } from "../errors.js";

/** `fleetform version`: the same as `--version`, as kubectl and terraform users type it. */
export function versionCommand(ctx: CliContext, version: string): Command {
  return new Command("version").description("print fleetform's version").action(
    exitWith(ctx, async () => {
      ctx.io.out(version);
      return 0;
    }),
  );
}

/** `fleetform schema [KIND]`: the JSON Schema editors and other tools validate manifests (as written) with. */
export function schemaCommand(ctx: CliContext): Command {
  return new Command("schema")
    .description("print the JSON Schema of a whole manifest file, or of one kind")
    .argument("[kind]", `one of ${KIND_NAMES.join(", ")} (default: a whole manifest file)`)
    .action(
      exitWith(ctx, async (kind?: string) => {
        if (kind !== undefined && !isKindName(kind)) {
          const suggestion = didYouMean(kind, KIND_NAMES);
          throw new UserError(
            `unknown kind "${kind}"${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
            `kinds are ${KIND_NAMES.join(", ")}`,
          );
        }
        // The editor variant: manifests as written, with ${env:…} references (src/util/editor-schema.ts).
        const file = kind ? `${kind}.schema.json` : EDITOR_SCHEMA_FILE;
        ctx.io.out(await readFile(new URL(file, EDITOR_SCHEMAS_DIR), "utf8"));
        return 0;
      }),
    );
}

/** Two kinds for the examples (the first of the table: the kinds themselves are named in src/kinds). */
const SOME_KINDS = KIND_NAMES.slice(0, 2).join(",");

/** Real invocations shown under each command's --help. */
export const HELP_EXAMPLES: Record<string, string[]> = {
  validate: ["fleetform validate fleet/", "fleetform validate fleet/base.yaml fleet/policies.yaml"],
  plan: [
    "fleetform plan fleet/",
    "fleetform plan fleet/ --out reviewed.plan --markdown > plan.md",
    `fleetform plan fleet/ --prune --prune-kinds ${SOME_KINDS}`,
  ],
  apply: [
    "fleetform apply fleet/",
    "fleetform apply --plan reviewed.plan",
    "fleetform apply examples/quickstart --sim --auto-approve",
  ],
  drift: ["fleetform drift fleet/", "fleetform drift fleet/ --markdown > drift.md   # exit 2 on drift"],
  export: ["fleetform export --out fleet/", `fleetform export --kinds ${SOME_KINDS} --out -`],
  import: [
    "fleetform import /etc/kibana/kibana.yml --out fleet/",
    "fleetform import kibana.yml --sim --out -   # try it against a simulator set up from that file",
  ],
  token: [
    "fleetform token linux-servers --name bootstrap   # the secret alone, on stdout",
    'elastic-agent install --url "$FLEET_URL" --enrollment-token "$(fleetform token linux-servers --name bootstrap)"',
  ],
  "check-kibana": [
    "fleetform check-kibana                       # against KIBANA_URL, asks before writing",
    "fleetform check-kibana --auto-approve --json > conformance.json",
    "fleetform check-kibana --sim --auto-approve",
  ],
  sim: [
    "fleetform sim --port 5601",
    "fleetform sim --kibana-yml kibana.yml",
    "fleetform sim --latency-ms 20 --fail-rate 0.1 --fail-status 429",
  ],
  schema: ["fleetform schema > manifest.schema.json", `fleetform schema ${KIND_NAMES[0]}`],
};

/** A Terraform habit: `-auto-approve` with one dash. Commander reads it as `-a -u -t…`: say what was meant. */
export function singleDashLongOption(argv: string[], program: Command): string | undefined {
  const long = new Set(
    [program, ...program.commands].flatMap((c) => c.options.map((o) => o.long).filter(Boolean) as string[]),
  );
  const args = argv.slice(2);
  const end = args.indexOf("--");
  for (const arg of end === -1 ? args : args.slice(0, end)) {
    const name = /^-([a-z][a-z-]+)(=.*)?$/.exec(arg)?.[1];
    if (name && long.has(`--${name}`))
      return `unknown option '${arg}'; did you mean '--${name}'? (fleetform's long options take two dashes)`;
  }
  return undefined;
}
