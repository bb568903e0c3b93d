import type { Command } from "commander";
import { credentialWarnings } from "../../diff/credential-warnings.js";
import type { Plan } from "../../diff/types.js";
import { KIND_NAMES, type KindName } from "../../kinds/shapes.js";
import type { LoadedManifest } from "../../load/types.js";
import { buildPlan, type PlanResult } from "../../pipeline.js";
import { readTarget, type Target } from "../../read/target.js";
import { planToJson, summarize } from "../../render/json.js";
import { renderPlanMarkdown } from "../../render/markdown.js";
import { renderPlanText } from "../../render/text.js";
import { didYouMean } from "../../util/did-you-mean.js";
import { type ConnectionFlags, withConnectionOptions } from "../connection.js";
import { type CliContext, exitWith } from "../context.js";
import { UserError } from "../errors.js";
import type { Io } from "../io.js";
import { documentOptions, manifestCommand } from "../manifest.js";
import { writePlanFile } from "../plan-file.js";
import { withReadsWhileLoading } from "../reads-while-loading.js";
import { pinValues } from "../value-pins.js";

export interface PlanFlags extends ConnectionFlags {
  out?: string;
  json?: boolean;
  markdown?: boolean;
  prune?: boolean;
  pruneKinds?: string;
  rotateSecrets?: boolean;
  rotateTokens?: boolean;
  detailedExitcode?: boolean;
  verbose?: boolean;
  showUnmanaged?: boolean;
}

/** --prune and --prune-kinds as plan options; --prune-kinds alone would silently do nothing. */
export function pruneOptions(flags: { prune?: boolean; pruneKinds?: string }) {
  if (flags.pruneKinds && !flags.prune) {
    throw new UserError("--prune-kinds narrows --prune, which is not given", "add --prune to plan deletes");
  }
  return { prune: !!flags.prune, pruneKinds: parsePruneKinds(flags.pruneKinds) };
}

export function parsePruneKinds(value: string | undefined, flag = "--prune-kinds"): KindName[] | undefined {
  if (!value) return undefined;
  const names = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!(KIND_NAMES as readonly string[]).includes(name)) {
      const close = didYouMean(name, KIND_NAMES);
      throw new UserError(
        `${flag}: unknown kind "${name}"${close ? ` (did you mean "${close}"?)` : ""}`,
        `valid kinds: ${KIND_NAMES.join(", ")}`,
      );
    }
  }
  return names as KindName[];
}

export function hasChanges(plan: Plan): boolean {
  const s = summarize(plan);
  return s.create + s.update + s.delete > 0 || plan.packages.length > 0 || (plan.tokens?.length ?? 0) > 0;
}

export function addPlanOptions(command: Command): Command {
  return command
    .option(
      "--prune",
      "also delete live objects the manifests do not mention (in the kinds in scope; packages only when --prune-kinds names them)",
    )
    .option("--prune-kinds <kinds>", "with --prune, only delete objects of these kinds (comma-separated)")
    .option("--rotate-secrets", "send write-only values (secrets) even when nothing else changed")
    .option("--rotate-tokens", "replace each declared enrollment token with a new one, revoking the old")
    .option("--show-unmanaged", "list the live objects the manifests do not mention (by default: a count)");
}

export function planCommand(ctx: CliContext): Command {
  const { io } = ctx;
  const command = documentOptions(
    manifestCommand("plan", "show what apply would change in Kibana").option(
      "--out <file>",
      "save the plan for `apply --plan FILE` (holds no secret)",
    ),
    "print the plan as one JSON document",
    "print the plan as Markdown (for pull-request comments)",
  )
    .option("-v, --verbose", "also show the request each operation sends (secrets masked)")
    .option("--detailed-exitcode", "exit 0 when there are no changes, 2 when there are, 1 on error");
  addPlanOptions(withConnectionOptions(command));
  return command.action(
    exitWith(ctx, async (paths: string[], flags: PlanFlags) => {
      return withReadsWhileLoading(paths, flags, io, async ({ manifest, connection, reads }) => {
        const options = {
          ...pruneOptions(flags),
          rotateSecrets: flags.rotateSecrets,
          rotateTokens: flags.rotateTokens,
        };
        const [target, result] = await Promise.all([
          readTarget(connection.client, connection.url, flags.space),
          buildPlan(connection.client, manifest, options, reads),
        ]);
        addCredentialWarnings(result, manifest);
        if (flags.out) {
          await writePlanFile(
            flags.out,
            {
              kibana: connection.url,
              space: flags.space,
              paths: paths.length ? paths : ["."],
              options,
              values: await pinValues(manifest),
            },
            result.plan,
            result.live,
            (t) => io.redact(t),
          );
        }
        printPlan(io, result, target, flags);
        if (result.plan.problems.length > 0) return 1;
        if (flags.out)
          io.err(`Plan saved to ${flags.out}; apply it with: fleetform apply --plan ${flags.out}`);
        return flags.detailedExitcode && hasChanges(result.plan) ? 2 : 0;
      });
    }),
  );
}

/**
 * What a reviewer must see before applying (not drift: in sync is in sync): credentials the
 * manifests interpolate into fields anyone with Kibana access reads.
 */
export function addCredentialWarnings(result: PlanResult, manifest: LoadedManifest): void {
  result.plan.warnings.push(...credentialWarnings(manifest.objects, result.kinds, result.ctx));
}

export function printPlan(io: Io, result: PlanResult, target: Target, flags: PlanFlags) {
  const { showUnmanaged } = flags;
  if (flags.json) io.out(JSON.stringify(planToJson(result.plan, target), null, 2));
  else if (flags.markdown) io.out(renderPlanMarkdown(result.plan, { target, showUnmanaged }));
  else
    io.out(
      renderPlanText(result.plan, {
        color: io.colors,
        prune: flags.prune,
        verbose: flags.verbose,
        showUnmanaged,
        target,
      }),
    );
}
