import type { Command } from "commander";
import { buildPlan } from "../../pipeline.js";
import { readTarget } from "../../read/target.js";
import {
  driftCount,
  driftToJson,
  renderDriftMarkdown,
  renderDriftProblemsText,
  renderDriftText,
} from "../../render/drift.js";
import { withConnectionOptions } from "../connection.js";
import { type CliContext, exitWith } from "../context.js";
import { documentOptions, manifestCommand } from "../manifest.js";
import { withReadsWhileLoading } from "../reads-while-loading.js";
import { addPlanOptions, type PlanFlags, pruneOptions } from "./plan.js";

/** For scheduled jobs: exit 0 in sync, 2 when Kibana differs from the manifests, 1 on error. */
export function driftCommand(ctx: CliContext): Command {
  const { io } = ctx;
  const command = documentOptions(
    manifestCommand(
      "drift",
      "report where Kibana differs from the manifests (exit 0 in sync, 2 drift, 1 error)",
    ),
    "print the report as one JSON document",
    "print the report as Markdown, ready for an issue or pull-request comment",
  );
  addPlanOptions(withConnectionOptions(command));
  return command.action(
    exitWith(ctx, async (paths: string[], flags: PlanFlags) => {
      return withReadsWhileLoading(paths, flags, io, async ({ manifest, connection, reads }) => {
        const options = pruneOptions(flags);
        const [target, { plan }] = await Promise.all([
          readTarget(connection.client, connection.url, flags.space),
          buildPlan(connection.client, manifest, options, reads),
        ]);
        const shown = { target, showUnmanaged: flags.showUnmanaged };
        if (flags.json) io.out(JSON.stringify(driftToJson(plan, target), null, 2));
        else if (flags.markdown) io.out(renderDriftMarkdown(plan, shown));
        else if (plan.problems.length === 0) io.out(renderDriftText(plan, { ...shown, color: io.colors }));
        if (plan.problems.length > 0) {
          io.err(renderDriftProblemsText(plan));
          return 1;
        }
        // A field Kibana keeps that the manifest leaves out is drift too, though apply cannot undo it.
        return driftCount(plan) > 0 ? 2 : 0;
      });
    }),
  );
}
