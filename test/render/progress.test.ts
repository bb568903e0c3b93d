/**
 * Apply's progress: on a terminal one live line (done/total, failures, elapsed, estimate) with
 * problems printed once above it; elsewhere one line per operation with its duration; -q only
 * failures; -v one line per HTTP request; interrupted operations counted, not listed.
 */
import { describe, expect, it } from "vitest";
import type { ApplyReport, OperationResult } from "../../src/apply/apply-plan.js";
import { ApplyProgress, renderApplySummary, type Verbosity } from "../../src/render/progress.js";
import { everyChangePlan } from "./every-change.js";

const plan = everyChangePlan();
const [proxy, output, logstash] = plan.operations as [
  (typeof plan.operations)[0],
  (typeof plan.operations)[0],
  (typeof plan.operations)[0],
];

/** A progress writing into a string, on a clock the test moves. */
function harness(tty: boolean, verbosity: Verbosity = "normal") {
  let now = 1_000;
  let written = "";
  const progress = new ApplyProgress({
    write: (t) => {
      written += t;
    },
    tty,
    verbosity,
    total: 4,
    now: () => now,
    tickMs: 0,
  });
  return {
    progress,
    advance: (ms: number) => {
      now += ms;
    },
    output: () => written,
    /** What a terminal shows: each line as its last rewrite left it. */
    screen: () =>
      written
        .split("\n")
        .map((line) => line.split("\r\u001b[2K").at(-1))
        .join("\n"),
  };
}

const done = (operation: OperationResult["operation"]): OperationResult => ({ operation, status: "done" });
const failed = (operation: OperationResult["operation"]): OperationResult => ({
  operation,
  status: "failed",
  message: "400: Bad Request",
});

describe("apply progress on a terminal", () => {
  it("shows one live line with done/total, failures, elapsed time and an estimate", () => {
    const h = harness(true);
    h.progress.operationStarted(proxy);
    h.advance(1_000);
    h.progress.operationFinished(done(proxy));
    h.progress.operationStarted(output);
    h.advance(1_000);
    h.progress.operationFinished(failed(output));
    expect(h.screen().split("\n").at(-1)).toBe(
      "Applying: 2/4 done, 1 failed, 2.0 s elapsed, about 2.0 s left",
    );
    expect(h.output()).not.toContain("\n+ proxy");
  });

  it("prints a failure once, above the live line, with its duration", () => {
    const h = harness(true);
    h.progress.operationStarted(output);
    h.advance(250);
    h.progress.operationFinished(failed(output));
    h.progress.operationFinished(done(proxy));
    h.progress.stop();
    const lines = h.screen().split("\n");
    expect(lines.filter((l) => l.includes("400: Bad Request"))).toEqual([
      '✗ output "es-prod" (fleet/fleet.yaml:1:5) not created: 400: Bad Request (250 ms)',
    ]);
    expect(lines.at(-1)).toBe("");
  });
});

describe("apply progress off a terminal", () => {
  it("prints one line per operation with its duration, and no live line", () => {
    const h = harness(false);
    h.progress.operationStarted(proxy);
    h.advance(120);
    h.progress.operationFinished(done(proxy));
    h.progress.operationStarted(logstash);
    h.advance(2_300);
    h.progress.operationFinished(done(logstash));
    expect(h.output()).toBe('+ proxy "corp-proxy" created (120 ms)\n~ output "logstash" updated (2.3 s)\n');
  });

  it("counts operations an interrupt kept from starting instead of listing them", () => {
    const h = harness(false);
    h.progress.operationFinished({ operation: output, status: "not-started", message: "interrupted" });
    expect(h.output()).toBe("");
    const report: ApplyReport = {
      packages: [],
      interrupted: true,
      results: [
        done(proxy),
        ...plan.operations.slice(1).map((operation) => ({ operation, status: "not-started" as const })),
      ],
    };
    const summary = renderApplySummary(report, { ...plan, blocked: [] }, 1_500);
    expect(summary).toContain(
      "Apply interrupted: 1 created, 0 updated, 0 deleted; 0 failed, 0 skipped, 7 not started. Took 1.5 s.",
    );
    expect(summary).toContain("7 operations were not started: interrupted before they began.");
    expect(summary).not.toContain("logstash");
  });
});

describe("apply progress verbosity", () => {
  it("-q prints failures only", () => {
    const h = harness(false, "quiet");
    h.progress.info("installing package nginx 3.2.2…");
    h.progress.operationFinished(done(proxy));
    h.progress.operationFinished(failed(output));
    expect(h.output()).toBe('✗ output "es-prod" (fleet/fleet.yaml:1:5) not created: 400: Bad Request\n');
  });

  it("-v adds one line per HTTP request: method, path, status and time", () => {
    const h = harness(false, "verbose");
    h.progress.request({ method: "PUT", path: "/s/ops/api/fleet/outputs/logstash", status: 200, ms: 35 });
    h.progress.request({ method: "POST", path: "/api/fleet/outputs", status: 0, ms: 30_000 });
    expect(h.output()).toBe(
      "  PUT /s/ops/api/fleet/outputs/logstash 200 (35 ms)\n  POST /api/fleet/outputs no answer (30.0 s)\n",
    );
  });

  it("without -v prints no request line", () => {
    const h = harness(false);
    h.progress.request({ method: "GET", path: "/api/status", status: 200, ms: 5 });
    expect(h.output()).toBe("");
  });
});

describe("the apply summary", () => {
  it("gives the wall time, and does not repeat the failures printed as they happened", () => {
    const report: ApplyReport = { packages: [], interrupted: false, results: [done(proxy), failed(output)] };
    const summary = renderApplySummary(report, { ...plan, blocked: [] }, 65_000);
    expect(summary).toContain(
      "Apply incomplete: 1 created, 0 updated, 0 deleted; 1 failed, 0 skipped, 0 not started. Took 1 min 05 s.",
    );
    expect(summary).not.toContain("400: Bad Request");
  });
});
