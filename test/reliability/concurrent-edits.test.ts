/**
 * Unversioned updates (outputs, proxies, Fleet Server hosts, download sources, agent policies) carry
 * no version Kibana could check: apply reads the object again right before writing, and a change
 * someone made since the plan read it is reported, never overwritten. A create that meets someone
 * else's object with its id is said to be that, never "created".
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyPlan } from "../../src/apply/apply-plan.js";
import { Faults } from "../../src/sim/faults.js";
import { type InProcess, inProcess, LOSE_FIRST_ANSWER, seedLosingFirstAnswer } from "./in-process.js";

let h: InProcess;
beforeEach(async () => {
  h = await inProcess();
});
afterEach(() => h.close());

interface EditCase {
  kind: string;
  path: string;
  yaml: (v: number) => string;
  /** What someone changes in the Kibana UI after the plan (a full PUT, as the UI sends). */
  uiEdit: Record<string, unknown>;
  /** The field the plan changes, and its value before the plan. */
  planned: [string, unknown];
}

const CASES: EditCase[] = [
  {
    kind: "proxy",
    path: "/api/fleet/proxies/edit-me",
    yaml: (v) => `proxies:\n  - { id: edit-me, name: Edit me, url: "http://proxy-v${v}.example.com:3128" }\n`,
    uiEdit: {
      name: "Edited in the UI",
      url: "http://proxy-v1.example.com:3128",
      certificate_authorities: null,
      certificate: null,
      certificate_key: null,
    },
    planned: ["url", "http://proxy-v1.example.com:3128"],
  },
  {
    kind: "output",
    path: "/api/fleet/outputs/edit-me",
    yaml: (v) =>
      `outputs:\n  - { id: edit-me, name: Edit me, type: elasticsearch, hosts: ["https://es-v${v}.example.com:9200"] }\n`,
    uiEdit: { name: "Edited in the UI", type: "elasticsearch" },
    planned: ["hosts", ["https://es-v1.example.com:9200"]],
  },
  {
    kind: "download source",
    path: "/api/fleet/agent_download_sources/edit-me",
    yaml: (v) =>
      `download_sources:\n  - { id: edit-me, name: Edit me, host: "https://artifacts-v${v}.example.com/downloads/" }\n`,
    uiEdit: { name: "Edited in the UI", host: "https://artifacts-v1.example.com/downloads/" },
    planned: ["host", "https://artifacts-v1.example.com/downloads/"],
  },
  {
    kind: "Fleet Server host",
    path: "/api/fleet/fleet_server_hosts/edit-me",
    yaml: (v) =>
      `fleet_server_hosts:\n  - { id: edit-me, name: Edit me, host_urls: ["https://fleet-v${v}.example.com:8220"] }\n`,
    uiEdit: { name: "Edited in the UI", proxy_id: null },
    planned: ["host_urls", ["https://fleet-v1.example.com:8220"]],
  },
  {
    kind: "agent policy",
    path: "/api/fleet/agent_policies/edit-me",
    yaml: (v) =>
      `agent_policies:\n  - { id: edit-me, name: Edit me, namespace: default, description: v${v} }\n`,
    uiEdit: { name: "Edited in the UI", namespace: "default", description: "v1" },
    planned: ["description", "v1"],
  },
];

describe("an unversioned update after someone changed the object in Kibana", () => {
  it.each(CASES)("$kind: is reported as a concurrent change, and the change is not reverted", async (c) => {
    await h.apply(await h.plan(c.yaml(1)));
    const planned = await h.plan(c.yaml(2));
    expect(planned.plan.operations.map((o) => o.action)).toEqual(["update"]);

    await h.other.request("PUT", c.path, { body: c.uiEdit });

    const [result] = (await h.apply(planned)).results;
    expect(result).toMatchObject({ status: "failed", concurrentChange: true });
    expect(result!.message).toBe("changed in Kibana after the plan read it; run plan again");
    const after = (await h.other.request("GET", c.path)).body.item;
    expect(after.name).toBe("Edited in the UI");
    expect(after[c.planned[0]]).toEqual(c.planned[1]);
  });

  it("two applies of the same plan: the second is reported, not a silent success", async () => {
    const yaml = CASES[0]!.yaml;
    await h.apply(await h.plan(yaml(1)));
    const first = await h.plan(yaml(2));
    const second = await h.plan(yaml(3));
    expect((await h.apply(first)).results[0]!.status).toBe("done");
    expect((await h.apply(second)).results[0]).toMatchObject({ status: "failed", concurrentChange: true });
    const proxy = (await h.other.request("GET", "/api/fleet/proxies/edit-me")).body.item;
    expect(proxy.url).toBe("http://proxy-v2.example.com:3128");
  });
});

describe("a create that meets an object someone else created with its id", () => {
  const PROXY = `proxies:\n  - { id: taken, name: Taken, url: "http://mine.example.com:3128" }\n`;

  it("that differs from the manifest: reported as someone else's, not created, and left as it is", async () => {
    const planned = await h.plan(PROXY);
    await h.other.request("POST", "/api/fleet/proxies", {
      body: { id: "taken", name: "Theirs", url: "http://theirs.example.com:3128" },
    });
    const [result] = (await h.apply(planned)).results;
    expect(result).toMatchObject({ status: "failed", concurrentChange: true });
    expect(result!.message).toBe(
      "an object with this id was created in Kibana by someone else after the plan read it, and it differs from the manifest; run plan again",
    );
    const proxy = (await h.other.request("GET", "/api/fleet/proxies/taken")).body.item;
    expect(proxy.name).toBe("Theirs");
  });

  it("that matches the manifest but for its write-only values: adopted, and the manifest's values are sent", async () => {
    const yaml = `
outputs:
  - id: taken-output
    name: Taken output
    type: elasticsearch
    hosts: ["https://es.example.com:9200"]
    secrets:
      ssl:
        key: mine-secret-key
`;
    const planned = await h.plan(yaml);
    await h.other.request("POST", "/api/fleet/outputs", {
      body: {
        id: "taken-output",
        name: "Taken output",
        type: "elasticsearch",
        hosts: ["https://es.example.com:9200"],
        secrets: { ssl: { key: "their-secret-key" } },
      },
    });
    const before = (await h.other.request("GET", "/api/fleet/outputs/taken-output")).body.item;
    const [result] = (await h.apply(planned)).results;
    expect(result).toMatchObject({ status: "done", adopted: true });
    expect(result!.message).toContain("created in Kibana by someone else after the plan read it");
    expect(result!.message).toContain("the manifest's write-only values were sent to it");
    // Kibana stores a new secret (a new reference) for the value sent.
    const after = (await h.other.request("GET", "/api/fleet/outputs/taken-output")).body.item;
    expect(after.secrets.ssl.key.id).not.toBe(before.secrets.ssl.key.id);
  });
});

describe("a write whose answer was lost, and not retried", () => {
  /** Applies with a client that does not retry, the first write's answer lost. */
  async function applyLosingTheAnswer(yaml: string, prune = false) {
    const result = await h.plan(yaml, prune);
    h.sim.setFaults({ ...LOSE_FIRST_ANSWER, seed: seedLosingFirstAnswer() });
    const report = await applyPlan(result.plan, { client: h.other, kinds: result.kinds, concurrency: 1 });
    h.sim.setFaults({});
    expect(h.sim.stats().faults.lost).toBe(1);
    return report.results[0]!;
  }
  const proxy = (v: number) =>
    `proxies:\n  - { id: lost, name: Lost, url: "http://v${v}.example.com:3128" }\n`;

  it("a create is reported done once the object, read back, shows it landed", async () => {
    const result = await applyLosingTheAnswer(proxy(1));
    expect(result).toMatchObject({ status: "done", message: "applied, although its answer was lost" });
  });

  it("an unversioned update is reported done", async () => {
    await h.apply(await h.plan(proxy(1)));
    // The fresh read before the write is the first request: lose the write's answer, the second.
    const planned = await h.plan(proxy(2));
    h.sim.setFaults({ ...LOSE_FIRST_ANSWER, seed: seedLosingSecondAnswer() });
    const report = await applyPlan(planned.plan, { client: h.other, kinds: planned.kinds, concurrency: 1 });
    h.sim.setFaults({});
    expect(report.results[0]).toMatchObject({
      status: "done",
      message: "applied, although its answer was lost",
    });
  });

  it("a delete is reported done", async () => {
    await h.apply(await h.plan(proxy(1)));
    const result = await applyLosingTheAnswer("proxies: []\n", true);
    expect(result).toMatchObject({ status: "done", message: "applied, although its answer was lost" });
  });
});

/** A seed under which the second request's answer is lost and the few around it go through. */
function seedLosingSecondAnswer(): number {
  for (let seed = 1; ; seed++) {
    const faults = new Faults({ ...LOSE_FIRST_ANSWER, seed });
    const kinds = Array.from({ length: 6 }, () => faults.decide().kind);
    if (kinds[1] === "lost" && kinds.every((k, i) => i === 1 || k === "none")) return seed;
  }
}
