/**
 * Soak that checks the report, not only the end state: 300 objects applied through a Kibana that
 * answers 25% of requests with 429/503, drops 8% of connections (half of them after handling the
 * request, so the answer is lost), and caps perPage at 20 behind fleetform's back. The apply's
 * budget is short, so some writes give up. Whatever it reports must be true: every object reported
 * done exists, every object reported failed, skipped or not started does not (unless the report
 * says its outcome is unknown). A second apply, through the CLI, converges; the plan after it is clean.
 * Two seeds; the order of requests (and so which one meets which fault) varies with concurrency.
 */
import { describe, it } from "vitest";
import { kibanaEnv, runCli } from "../cli/run-cli.js";
import {
  API_KEY,
  liveObjects,
  manyObjectsYaml,
  type ObjectCounts,
  ownObjects,
  sortedDesired,
  writeManifest,
} from "./helpers.js";
import { inProcess } from "./in-process.js";

const COUNTS: ObjectCounts = {
  proxies: 30,
  outputs: 40,
  download_sources: 30,
  fleet_server_hosts: 30,
  agent_policies: 70,
  integration_policies: 100,
};
const TOTAL = Object.values(COUNTS).reduce((a, b) => a + b, 0);

const faults = (seed: number) => ({
  seed,
  failRate: 0.25,
  failStatus: [429, 503] as (429 | 503)[],
  resetRate: 0.08,
  lostResponseShare: 0.5,
  capPerPage: 20,
});

/** What a report says when it cannot tell whether a write landed. */
const OUTCOME_UNKNOWN = /may have been made|could not be read back/;

describe("the report of an apply under faults", () => {
  for (const seed of [101, 202]) {
    const name = `seed ${seed}: 300 objects through 25 percent 429/503, 8 percent dropped connections and a capped perPage: every reported outcome is true, and a second apply converges`;
    it(name, async ({ expect, onTestFinished }) => {
      expect(TOTAL).toBeGreaterThanOrEqual(300);
      const h = await inProcess({
        sim: faults(seed),
        // Short enough that some writes give up: 429 asks for 1 s between attempts.
        applyClient: { retryBudgetMs: 1_500, timeoutMs: 1_500 },
        concurrency: 16,
      });
      onTestFinished(() => h.close());
      const yaml = manyObjectsYaml(COUNTS);
      const plan = await h.plan(yaml);
      expect(plan.plan.operations).toHaveLength(TOTAL);
      const report = await h.apply(plan);
      const stats = h.sim.stats();
      expect(stats.faults.fail / stats.requests).toBeGreaterThan(0.15);
      expect(stats.faults.lost).toBeGreaterThan(0);

      const live = await liveObjects(h.sim);
      const exists = (kind: string, id: string) =>
        (live[kind as keyof ObjectCounts] ?? []).some((o) => o.id === id);
      const untrue = report.results.filter((r) => {
        const there = exists(r.operation.kind, r.operation.id);
        if (r.status === "done") return !there;
        return there && !OUTCOME_UNKNOWN.test(r.message ?? "");
      });
      expect(untrue.map((r) => `${r.operation.key}: ${r.status} ${r.message ?? ""}`)).toEqual([]);
      const done = report.results.filter((r) => r.status === "done").length;
      // Most went through, and some gave up: the report's failures were checked too.
      expect(done).toBeGreaterThan(TOTAL / 2);
      expect(done).toBeLessThan(TOTAL);
      // Nothing was created twice, nothing outside the manifest.
      const own = ownObjects(live);
      const desired = sortedDesired(COUNTS);
      for (const [kind, objects] of Object.entries(own)) {
        const wanted = new Set(desired[kind]!.map((o) => o.id));
        expect(objects.every((o) => wanted.has(o.id))).toBe(true);
        expect(new Set(objects.map((o) => o.id)).size).toBe(objects.length);
      }
      const existing = Object.values(own).reduce((n, objects) => n + objects.length, 0);

      // The second apply, with the CLI's ordinary budget, creates exactly what is missing.
      const dir = await writeManifest(yaml);
      const env = kibanaEnv({ url: h.sim.url, apiKey: API_KEY });
      h.sim.setFaults(faults(seed + 1));
      const second = await runCli(["apply", dir, "--auto-approve", "--concurrency", "16"], { env });
      expect(second.stderr.split("\n").filter((l) => /✗|not started|skipped/.test(l))).toEqual([]);
      expect(second.stdout).toContain(`Apply complete: ${TOTAL - existing} created, 0 updated, 0 deleted.`);
      expect(second.code).toBe(0);
      expect(ownObjects(await liveObjects(h.sim))).toEqual(desired);

      // The plan after it still reads through the capped perPage (the other faults only cost time here).
      h.sim.setFaults({ capPerPage: 20 });
      const clean = await runCli(["plan", dir, "--detailed-exitcode"], { env });
      expect(clean.stdout).toContain("No changes.");
      expect(clean.code).toBe(0);
    }, 60_000);
  }
});
