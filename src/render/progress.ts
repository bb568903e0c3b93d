import type { ApplyReport, OperationResult } from "../apply/apply-plan.js";
import { formatLocation } from "../diagnostics/diagnostic.js";
import type { Plan, PlannedOperation } from "../diff/types.js";
import { kindOf } from "../kinds/index.js";
import { describeTokenStep } from "../tokens/enrollment-tokens.js";
import { colors } from "./colors.js";
import { diagnosticTextLines, formatDiagnostic } from "./diagnostics.js";
import { blockedDeleteWarnings, divergenceWarnings } from "./divergences.js";
import { type PlanSpaces, spaceSuffix } from "./target.js";

const SYMBOL = { create: "+", update: "~", delete: "-" } as const;
const DONE = { create: "created", update: "updated", delete: "deleted" } as const;

/** `120 ms`, `2.3 s`, `1 min 05 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, "0")} s`;
}

/** One finished operation as a line; `duration` when it ran. Not-started operations have no line. */
export function renderResult(
  result: OperationResult,
  color = false,
  durationMs?: number,
  spaces?: PlanSpaces,
): string {
  const c = colors(color);
  const op = result.operation;
  // The object's space goes with its name, when the plan covers several.
  const object = `${kindOf(op.kind).noun} "${op.id}"${spaceSuffix(op, spaces)}`;
  const verb = result.adopted ? "adopted" : DONE[op.action];
  const took = durationMs !== undefined ? ` (${formatDuration(durationMs)})` : "";
  switch (result.status) {
    case "done":
      return `${c.green(SYMBOL[op.action])} ${object} ${verb}${result.message ? ` (${result.message})` : ""}${took}`;
    case "failed": {
      // Point at the manifest entry, so a refusal from Kibana leads straight to the line to fix.
      const where = op.desired ? ` (${formatLocation(op.desired.location)})` : "";
      return `${c.red("✗")} ${object}${where} not ${verb}: ${result.message}${took}`;
    }
    case "skipped":
      return `${c.yellow("○")} ${object} skipped: ${result.message}`;
    default:
      return `○ ${object} not started (interrupted)`;
  }
}

export type Verbosity = "quiet" | "normal" | "verbose";

export interface HttpExchange {
  method: string;
  path: string;
  status: number;
  ms: number;
}

/** `  GET /api/fleet/outputs 200 (12 ms)`: what -v shows of a request, never its body or headers. */
export function exchangeLine(exchange: HttpExchange): string {
  const status = exchange.status === 0 ? "no answer" : String(exchange.status);
  return `  ${exchange.method} ${exchange.path} ${status} (${formatDuration(exchange.ms)})`;
}

export interface ProgressOptions {
  /** Writes text as is (no newline added). */
  write(text: string): void;
  /** A terminal gets one live line, rewritten in place; anything else one line per operation. */
  tty: boolean;
  /** Terminal width, to keep the live line on one line. */
  columns?: number;
  color?: boolean;
  verbosity?: Verbosity;
  /** Operations in the plan. */
  total: number;
  /** The spaces the plan covers: with several, each line names its object's space. */
  spaces?: PlanSpaces;
  /** The clock (tests pass their own). */
  now?: () => number;
  /** Redraw the live line this often while nothing happens, so elapsed time moves (0: never). */
  tickMs?: number;
}

/**
 * Apply's progress on stderr. On a terminal: a live line (done/total, failures, elapsed, estimate)
 * with finished-with-a-problem operations printed once above it. Elsewhere: one line per operation
 * with its duration. `quiet` prints only failures; `verbose` adds one line per HTTP exchange
 * (method, path, status, time: never a body or a header).
 */
export class ApplyProgress {
  private readonly now: () => number;
  private readonly started: number;
  private readonly startedAt = new Map<string, number>();
  private finished = 0;
  private failed = 0;
  private liveShown = false;
  private stopped = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
    if (options.tty && (options.tickMs ?? 1000) > 0 && options.verbosity !== "quiet") {
      this.timer = setInterval(() => this.draw(), options.tickMs ?? 1000);
      this.timer.unref?.();
    }
  }

  private get verbosity(): Verbosity {
    return this.options.verbosity ?? "normal";
  }

  get elapsedMs(): number {
    return this.now() - this.started;
  }

  /** A line for people (a notice, a package install), above the live line on a terminal. */
  line(text: string): void {
    if (this.options.tty && this.liveShown) this.options.write("\r\u001b[2K");
    this.options.write(`${text}\n`);
    this.liveShown = false;
    this.draw();
  }

  /** A notice that quiet mode leaves out. */
  info(text: string): void {
    if (this.verbosity !== "quiet") this.line(text);
  }

  operationStarted(op: PlannedOperation): void {
    this.startedAt.set(op.key, this.now());
  }

  operationFinished(result: OperationResult): void {
    if (result.status === "not-started") return; // counted in the summary, not listed
    this.finished++;
    if (result.status === "failed") this.failed++;
    const began = this.startedAt.get(result.operation.key);
    const took = began === undefined ? undefined : this.now() - began;
    const text = renderResult(result, this.options.color, took, this.options.spaces);
    const isProblem = result.status !== "done";
    if (this.verbosity === "quiet") {
      if (result.status === "failed") this.line(text);
    } else if (!this.options.tty || isProblem) this.line(text);
    else this.draw();
  }

  request(exchange: HttpExchange): void {
    if (this.verbosity === "verbose") this.line(exchangeLine(exchange));
  }

  /** Clears the live line and stops the clock. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.stopped = true;
    if (this.options.tty && this.liveShown) this.options.write("\r\u001b[2K");
    this.liveShown = false;
  }

  /** `Applying: 12/40 done, 1 failed, 3.2 s elapsed, about 7 s left`. */
  liveLine(): string {
    const { total } = this.options;
    const elapsed = this.elapsedMs;
    const parts = [`Applying: ${this.finished}/${total} done`];
    if (this.failed > 0) parts.push(`${this.failed} failed`);
    parts.push(`${formatDuration(elapsed)} elapsed`);
    if (this.finished > 0 && this.finished < total) {
      parts.push(`about ${formatDuration((elapsed / this.finished) * (total - this.finished))} left`);
    }
    return parts.join(", ");
  }

  private draw(): void {
    if (!this.options.tty || this.verbosity === "quiet" || this.stopped) return;
    const width = this.options.columns && this.options.columns > 1 ? this.options.columns - 1 : 200;
    this.options.write(`\r\u001b[2K${this.liveLine().slice(0, width)}`);
    this.liveShown = true;
  }
}

/** What apply did and did not do, once: failures were printed as they happened. */
export function renderApplySummary(report: ApplyReport, plan: Plan, wallMs?: number): string {
  const count = (status: string) => report.results.filter((r) => r.status === status).length;
  const lines: string[] = [];
  for (const p of report.packages.filter((p) => p.status === "failed")) {
    lines.push(`✗ package ${p.name} ${p.version} not installed: ${p.message}`);
  }
  for (const t of (report.tokens ?? []).filter((t) => t.status !== "done")) {
    lines.push(`✗ ${describeTokenStep(t.step).slice(2)} ${t.status}: ${t.message}`);
  }
  lines.push(...blockedDeleteWarnings(plan).map(formatDiagnostic));
  const diverged = divergenceWarnings(report);
  if (diverged.length > 0)
    lines.push(
      "",
      "Kibana stored some fields otherwise than the manifests say:",
      ...diagnosticTextLines(diverged, "⚠"),
    );
  const notDone = report.results.filter((r) => r.status !== "done").length;
  const done = report.results.filter((r) => r.status === "done" && !r.adopted);
  const adopted = report.results.filter((r) => r.adopted).length;
  const by = (a: string) => done.filter((r) => r.operation.action === a).length;
  const state =
    notDone === 0 && !report.interrupted ? "complete" : report.interrupted ? "interrupted" : "incomplete";
  const notStarted = count("not-started");
  lines.push(
    "",
    `Apply ${state}: ${by("create")} created, ${by("update")} updated, ${by("delete")} deleted` +
      (adopted ? `, ${adopted} adopted` : "") +
      (report.tokens?.length
        ? `, ${report.tokens.filter((t) => t.status === "done").length} enrollment token(s) made`
        : "") +
      (notDone ? `; ${count("failed")} failed, ${count("skipped")} skipped, ${notStarted} not started` : "") +
      "." +
      (wallMs !== undefined ? ` Took ${formatDuration(wallMs)}.` : ""),
  );
  if (report.interrupted && notStarted > 0)
    lines.push(
      `${notStarted} operation${notStarted === 1 ? " was" : "s were"} not started: interrupted before they began.`,
    );
  if (notDone > 0 || report.interrupted) lines.push("Run apply again to converge once the cause is fixed.");
  return `${lines.join("\n")}\n`;
}
