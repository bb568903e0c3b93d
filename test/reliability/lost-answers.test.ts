/**
 * A write that Kibana handled but whose answer was lost is retried, and the retry meets the effect
 * of its own first attempt. That must count as done: no duplicate, no false failure, and no false
 * "concurrent change" (the write that moved the version was ours).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type InProcess, inProcess, LOSE_FIRST_ANSWER, seedLosingFirstAnswer } from "./in-process.js";

const PROXY = `
proxies:
  - { id: lost-proxy, name: Lost proxy, url: "http://proxy.example.com:3128" }
`;

const nginx = (tag: string) => `
agent_policies:
  - { id: lost-policy, name: Lost policy, namespace: default }
integration_policies:
  - id: lost-nginx
    name: lost-nginx
    policy_ids: [lost-policy]
    package: { name: nginx, version: 1.5.0 }
    inputs:
      nginx-logfile:
        streams:
          nginx.access:
            vars: { tags: [${tag}] }
`;

let h: InProcess;
beforeEach(async () => {
  h = await inProcess();
});
afterEach(() => h.close());

/** Plans with faults off, then applies with the first write's answer lost. */
async function applyLosingFirstAnswer(yaml: string, prune = false) {
  const result = await h.plan(yaml, prune);
  expect(result.plan.operations).toHaveLength(1);
  h.sim.setFaults({ ...LOSE_FIRST_ANSWER, seed: seedLosingFirstAnswer() });
  const report = await h.apply(result);
  h.sim.setFaults({});
  expect(h.sim.stats().faults.lost).toBe(1);
  return report.results[0]!;
}

describe("a write whose answer was lost", () => {
  it("a create is done once, not duplicated and not failed", async () => {
    const result = await applyLosingFirstAnswer(PROXY);
    expect(result).toMatchObject({ status: "done", message: "already created by an earlier attempt" });
    const proxies = (await h.other.request("GET", "/api/fleet/proxies")).body.items;
    expect(proxies.filter((p: { name: string }) => p.name === "Lost proxy")).toHaveLength(1);
  });

  it("a versioned integration-policy update is done, not reported as a concurrent change", async () => {
    expect((await h.apply(await h.plan(nginx("before")))).results.every((r) => r.status === "done")).toBe(
      true,
    );
    const result = await applyLosingFirstAnswer(nginx("after"));
    expect(result.operation.key).toContain("lost-nginx");
    expect(result.concurrentChange).toBeUndefined();
    expect(result).toMatchObject({ status: "done", message: "already up to date by an earlier attempt" });
    expect((await h.plan(nginx("after"))).plan.operations).toEqual([]);
  });

  it("a delete is done, not failed with 404", async () => {
    await h.apply(await h.plan(PROXY));
    const result = await applyLosingFirstAnswer("proxies: []\n", true);
    expect(result.operation.action).toBe("delete");
    expect(result).toMatchObject({ status: "done", message: "already deleted" });
    expect(
      (await h.other.request("GET", "/api/fleet/proxies/lost-proxy", { allowErrors: true })).status,
    ).toBe(404);
  });
});
