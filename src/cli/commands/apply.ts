import { createInterface } from "node:readline/promises";
import { Command } from "commander";
import { applyPlan } from "../../apply/apply-plan.js";
import { buildPlan } from "../../pipeline.js";
import { applyReportToJson, planToJson } from "../../render/json.js";
import { renderApplySummary, renderPlanText, renderProgress } from "../../render/text.js";
import { withConnection, withConnectionOptions } from "../connection.js";
import { type CliContext, exitWith } from "../context.js";
import { UserError } from "../errors.js";
import { loadValidManifest } from "../manifest.js";
import { readPlanFile, stalePlanReasons } from "../plan-file.js";
import { changedValues } from "../value-pins.js";
import { addCredentialWarnings, addPlanOptions, hasChanges, type PlanFlags, pruneOptions } from "./plan.js";

interface ApplyFlags extends PlanFlags {
  plan?: string;
  autoApprove?: boolean;
  concurrency: string;
}

export function applyCommand(ctx: CliContext): Command {
  const { io } = ctx;
  const command = new Command("apply")
    .description("make Kibana match the manifests")
    .argument("[paths...]", "manifest files or directories (default: .)")
    .option("--plan <file>", "apply a plan saved by `plan --out` (refused if Kibana changed since)")
    .option("--auto-approve", "do not ask for confirmation")
    .option("--concurrency <n>", "operations in flight at once", "8")
    .option("--json", "print the apply report as one JSON document");
  addPlanOptions(withConnectionOptions(command));
  return command.action(
    exitWith(ctx, async (paths: string[], flags: ApplyFlags) => {
      const concurrency = Number(flags.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
        throw new UserError(`--concurrency must be an integer from 1 to 64, got "${flags.concurrency}"`);
      }
      const saved = flags.plan ? await readPlanFile(flags.plan) : undefined;
      // Paths given with --plan point at this checkout's copy of the reviewed manifests.
      const manifest = await loadValidManifest(saved && paths.length === 0 ? saved.paths : paths, io);
      if (saved) {
        if (flags.space !== undefined && flags.space !== (saved.space ?? undefined)) {
          throw new UserError(
            `the saved plan ${flags.plan} was made for space "${saved.space ?? "default"}", not "${flags.space}"`,
            "apply it in the space it was made for, or plan again",
          );
        }
        flags.space = saved.space;
      }
      return withConnection(flags, io, async (connection) => {
        if (saved && !saved.kibana.endsWith("(embedded simulator)") && saved.kibana !== connection.url) {
          throw new UserError(
            `the saved plan ${flags.plan} was made for ${saved.kibana}, not ${connection.url}; nothing was applied`,
            "apply it against the Kibana it was made for, or plan again",
          );
        }
        const options = saved
          ? saved.options
          : { ...pruneOptions(flags), rotateSecrets: flags.rotateSecrets, rotateTokens: flags.rotateTokens };
        const result = await buildPlan(connection.client, manifest, options);
        addCredentialWarnings(result, manifest);
        const { plan, live, kinds } = result;
        if (plan.problems.length > 0) {
          if (flags.json) io.out(JSON.stringify(planToJson(plan), null, 2));
          io.err(renderPlanText(plan));
          throw new UserError("the plan has errors; nothing was applied");
        }
        if (saved) {
          const reasons = [
            ...stalePlanReasons(saved, plan, live, (t) => io.redact(t)),
            ...(await changedValues(saved.values, manifest)),
          ];
          if (reasons.length > 0) {
            throw new UserError(
              `the saved plan ${flags.plan} is stale; nothing was applied:\n${reasons.map((r) => `  - ${r}`).join("\n")}`,
              "run plan again and review the new plan",
            );
          }
        }
        if (!flags.json) io.out(renderPlanText(plan, { color: io.colors }));
        const nothingDone = () =>
          JSON.stringify(applyReportToJson(plan, { packages: [], results: [], interrupted: false }), null, 2);
        if (!hasChanges(plan)) {
          if (flags.json) io.out(nothingDone());
          return 0;
        }
        if (!flags.autoApprove && !saved && !(await confirm())) {
          if (flags.json) io.out(nothingDone());
          io.err("Apply cancelled; nothing was changed.");
          return 1;
        }
        const abort = new AbortController();
        const onSignal = (signal: string) => {
          if (abort.signal.aborted) return;
          io.err(`\n${signal}: finishing the operations in flight, starting no new ones…`);
          abort.abort();
        };
        const onInt = () => onSignal("SIGINT");
        const onTerm = () => onSignal("SIGTERM");
        process.on("SIGINT", onInt);
        process.on("SIGTERM", onTerm);
        let report: Awaited<ReturnType<typeof applyPlan>>;
        try {
          for (const p of plan.packages) io.err(`installing package ${p.name} ${p.version}…`);
          report = await applyPlan(plan, {
            client: connection.client,
            kinds,
            concurrency,
            signal: abort.signal,
            onResult: (result) => io.err(renderProgress(result, io.errColors)),
          });
        } finally {
          process.off("SIGINT", onInt);
          process.off("SIGTERM", onTerm);
        }
        if (flags.json) {
          io.out(JSON.stringify(applyReportToJson(plan, report), null, 2));
          // The summary carries these warnings in text mode; with --json they still reach a person.
          for (const b of plan.blocked) io.err(`warning: ${b.kind}/${b.id} was not deleted: ${b.reason}`);
        } else io.out(renderApplySummary(report, plan));
        const failed =
          report.results.some((r) => r.status !== "done") ||
          report.packages.some((p) => p.status === "failed") ||
          (report.tokens ?? []).some((t) => t.status !== "done");
        return failed || report.interrupted ? 1 : 0;
      });
    }),
  );

  async function confirm(): Promise<boolean> {
    if (!process.stdin.isTTY) {
      throw new UserError(
        "apply needs confirmation, and stdin is not a terminal",
        "pass --auto-approve to apply without asking",
      );
    }
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await rl.question("Do you want to perform these actions? Only 'yes' will be accepted: ");
      return answer.trim() === "yes";
    } finally {
      rl.close();
    }
  }
}
