import { createInterface } from "node:readline/promises";
import { type Command, Option } from "commander";
import { type ApplyReport, applyPlan } from "../../apply/apply-plan.js";
import { buildPlan } from "../../pipeline.js";
import { readTarget, type Target } from "../../read/target.js";
import { renderApplyMarkdown } from "../../render/apply-markdown.js";
import { formatDiagnostic } from "../../render/diagnostics.js";
import { blockedDeleteWarnings } from "../../render/divergences.js";
import { applyReportToJson, planToJson } from "../../render/json.js";
import { renderPlanMarkdown } from "../../render/markdown.js";
import { ApplyProgress, exchangeLine, type HttpExchange, renderApplySummary } from "../../render/progress.js";
import { describeTarget, type PlanSpaces } from "../../render/target.js";
import { renderPlanText } from "../../render/text.js";
import { withConnection, withConnectionOptions } from "../connection.js";
import { type CliContext, exitWith } from "../context.js";
import { UserError } from "../errors.js";
import { coalescingWriter } from "../io.js";
import { documentOptions, loadValidManifest, manifestCommand } from "../manifest.js";
import { readPlanFile, stalePlanReasons } from "../plan-file.js";
import { changedValues } from "../value-pins.js";
import { addCredentialWarnings, addPlanOptions, hasChanges, type PlanFlags, pruneOptions } from "./plan.js";

interface ApplyFlags extends PlanFlags {
  plan?: string;
  autoApprove?: boolean;
  concurrency: string;
  quiet?: boolean;
}

export function applyCommand(ctx: CliContext): Command {
  const { io } = ctx;
  const command = documentOptions(
    manifestCommand("apply", "make Kibana match the manifests")
      .option("--plan <file>", "apply a plan saved by `plan --out` (refused if Kibana changed since)")
      .option("--auto-approve", "do not ask for confirmation")
      .option("--concurrency <n>", "operations in flight at once", "8"),
    "print the apply report as one JSON document (needs --auto-approve or --plan)",
    "print the apply report as Markdown, ready for a pull-request comment",
  )
    .addOption(new Option("-q, --quiet", "print only the summary and errors").conflicts("verbose"))
    .option("-v, --verbose", "also print one line per HTTP request (method, path, status, time)");
  addPlanOptions(withConnectionOptions(command));
  return command.action(
    exitWith(ctx, async (paths: string[], flags: ApplyFlags) => {
      const concurrency = Number(flags.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
        throw new UserError(`--concurrency must be an integer from 1 to 64, got "${flags.concurrency}"`);
      }
      if (flags.json && !flags.autoApprove && !flags.plan) {
        // The document is the only output: a prompt would ask to approve a plan nobody was shown.
        throw new UserError(
          "apply --json does not ask for approval: it would ask to approve a plan it does not show",
          "review the plan with `fleetform plan` (or `plan --out FILE`), then run apply --json --auto-approve (or apply --json --plan FILE)",
        );
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
        // -v shows every request; until the progress exists, on its own lines.
        let exchange = (e: HttpExchange) => io.err(exchangeLine(e));
        if (flags.verbose) connection.client.onExchange = (e) => exchange(e);
        const options = saved
          ? saved.options
          : { ...pruneOptions(flags), rotateSecrets: flags.rotateSecrets, rotateTokens: flags.rotateTokens };
        const [target, result] = await Promise.all([
          readTarget(connection.client, connection.url, flags.space),
          buildPlan(connection.client, manifest, options),
        ]);
        addCredentialWarnings(result, manifest);
        const { plan, live, kinds } = result;
        if (plan.problems.length > 0) {
          if (flags.json) io.out(JSON.stringify(planToJson(plan, target), null, 2));
          if (flags.markdown) io.out(renderPlanMarkdown(plan, { target, command: "apply" }));
          io.err(renderPlanText(plan, { target }));
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
        const asks = !flags.autoApprove && !saved && hasChanges(plan);
        // The plan is shown unless the output is a document (then on stderr, for the person at the
        // terminal) or -q was given and nobody is asked to approve it.
        if (!flags.json && (asks || !flags.quiet)) {
          const shown = { target, showUnmanaged: flags.showUnmanaged, prune: flags.prune };
          if (flags.markdown) io.err(renderPlanText(plan, { ...shown, color: io.errColors }));
          else io.out(renderPlanText(plan, { ...shown, color: io.colors }));
        }
        const report = (r: ApplyReport, wallMs?: number) => {
          if (flags.json) io.out(JSON.stringify(applyReportToJson(plan, r, target, wallMs), null, 2));
          else if (flags.markdown) io.out(renderApplyMarkdown(plan, r, { target, wallMs }));
        };
        if (!hasChanges(plan)) {
          report({ packages: [], results: [], interrupted: false });
          return 0;
        }
        if (asks && !(await confirm(target, plan))) {
          report({ packages: [], results: [], interrupted: false });
          io.err("Apply cancelled; nothing was changed.");
          return 1;
        }
        const terminal = io.errTerminal;
        const lines = terminal.tty ? undefined : coalescingWriter((text) => io.errWrite(text));
        const progress = new ApplyProgress({
          write: lines ? lines.write : (text) => io.errWrite(text),
          tty: terminal.tty,
          columns: terminal.columns,
          color: io.errColors,
          verbosity: flags.quiet ? "quiet" : flags.verbose ? "verbose" : "normal",
          total: plan.operations.length,
          spaces: plan,
        });
        exchange = (e) => progress.request(e);
        const abort = new AbortController();
        const onSignal = (signal: string) => {
          if (abort.signal.aborted) return;
          progress.line(`${signal}: finishing the operations in flight, starting no new ones…`);
          abort.abort();
        };
        const onInt = () => onSignal("SIGINT");
        const onTerm = () => onSignal("SIGTERM");
        process.on("SIGINT", onInt);
        process.on("SIGTERM", onTerm);
        let outcome: ApplyReport;
        try {
          for (const p of plan.packages) progress.info(`installing package ${p.name} ${p.version}…`);
          outcome = await applyPlan(plan, {
            client: connection.client,
            kinds,
            concurrency,
            signal: abort.signal,
            onStart: (op) => progress.operationStarted(op),
            onResult: (r) => progress.operationFinished(r),
          });
        } finally {
          progress.stop();
          lines?.flush();
          process.off("SIGINT", onInt);
          process.off("SIGTERM", onTerm);
        }
        const wallMs = progress.elapsedMs;
        report(outcome, wallMs);
        if (flags.json || flags.markdown) {
          // The text summary carries these warnings; with a document they still reach a person.
          for (const w of blockedDeleteWarnings(plan)) io.err(formatDiagnostic(w));
        } else io.out(renderApplySummary(outcome, plan, wallMs));
        const failed =
          outcome.results.some((r) => r.status !== "done") ||
          outcome.packages.some((p) => p.status === "failed") ||
          (outcome.tokens ?? []).some((t) => t.status !== "done");
        return failed || outcome.interrupted ? 1 : 0;
      });
    }),
  );

  async function confirm(target: Target, spaces?: PlanSpaces): Promise<boolean> {
    if (!process.stdin.isTTY) {
      throw new UserError(
        "apply needs confirmation, and stdin is not a terminal",
        "pass --auto-approve to apply without asking",
      );
    }
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await rl.question(
        `Do you want to perform these actions in ${describeTarget(target, spaces)}? Only 'yes' will be accepted: `,
      );
      return answer.trim() === "yes";
    } finally {
      rl.close();
    }
  }
}
