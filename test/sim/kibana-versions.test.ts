/**
 * `startSimulator({ kibanaVersion })` / `fleetform sim --kibana-version`: the simulator plays that
 * Kibana. Kibana's body schemas reject keys they do not define (@kbn/config-schema: "definition for
 * this key is missing"), so an older Kibana answers 400 to a field it does not have yet, and its
 * answers do not carry it. Versions: src/kinds/versions.ts (Fleet release notes, elastic/ingest-docs).
 */
import { afterEach, describe, expect, it } from "vitest";
import { runSim } from "../../src/sim/cli.js";
import { type Harness, startHarness } from "./helpers.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const status = async (harness: Harness) =>
  (await harness.api.request("GET", "/api/status")).body.version.number as string;

describe("the simulated Kibana version", () => {
  it("answers the newest version by default", async () => {
    h = await startHarness();
    expect(await status(h)).toBe("9.3.0");
  });

  it("answers the version it plays in GET /api/status", async () => {
    h = await startHarness({ kibanaVersion: "8.12.2" });
    expect(await status(h)).toBe("8.12.2");
  });

  it("refuses a version outside the range it plays", async () => {
    await expect(startHarness({ kibanaVersion: "7.17.0" })).rejects.toThrow(
      /plays Kibana 8\.10\.0 to 9\.3\.0/,
    );
    expect(await runSim(["--kibana-version", "nine"])).toBe(1);
  });

  it("answers 400 to a field its version does not have yet (global_data_tags before 8.15)", async () => {
    h = await startHarness({ kibanaVersion: "8.14.3" });
    const res = await h.api
      .request("POST", "/api/fleet/agent_policies", {
        body: { name: "a", namespace: "default", global_data_tags: [{ name: "x", value: "y" }] },
      })
      .catch((err) => err);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("[request body.global_data_tags]: definition for this key is missing");
    const listed = await h.api.request("GET", "/api/fleet/agent_policies");
    for (const policy of listed.body.items) expect(policy).not.toHaveProperty("global_data_tags");
  });

  it("answers integration policies with policy_id only before 8.15, and refuses policy_ids", async () => {
    h = await startHarness({ kibanaVersion: "8.12.2" });
    await h.api.request("POST", "/api/fleet/agent_policies", {
      body: { id: "ap", name: "a", namespace: "default" },
    });
    const refused = await h.api
      .request("POST", "/api/fleet/package_policies", {
        body: { name: "n", policy_ids: ["ap"], package: { name: "nginx", version: "1.5.0" } },
      })
      .catch((err) => err);
    expect(refused.status).toBe(400);
    const created = await h.api.request("POST", "/api/fleet/package_policies", {
      body: { name: "n", policy_id: "ap", package: { name: "nginx", version: "1.5.0" } },
    });
    expect(created.body.item.policy_id).toBe("ap");
    expect(created.body.item).not.toHaveProperty("policy_ids");
    const listed = await h.api.request("GET", "/api/fleet/package_policies");
    expect(listed.body.items[0]).not.toHaveProperty("policy_ids");
  });

  it("refuses output secrets before 8.12, which has no output secret storage", async () => {
    h = await startHarness({ kibanaVersion: "8.11.4" });
    const res = await h.api
      .request("POST", "/api/fleet/outputs", {
        body: {
          name: "o",
          type: "elasticsearch",
          hosts: ["https://es:9200"],
          secrets: { ssl: { key: "k" } },
        },
      })
      .catch((err) => err);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("[request body.secrets]: definition for this key is missing");
  });

  it("answers a remote_elasticsearch output before 8.12 as its output schema does: no variant takes the type", async () => {
    h = await startHarness({ kibanaVersion: "8.11.4" });
    const res = await h.api
      .request("POST", "/api/fleet/outputs", {
        body: { name: "r", type: "remote_elasticsearch", hosts: ["https://remote:9200"] },
      })
      .catch((err) => err);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      [
        "[request body]: types that failed validation:",
        "- [request body.0.type]: expected value to equal [elasticsearch]",
        "- [request body.1.type]: expected value to equal [logstash]",
        "- [request body.2.type]: expected value to equal [kafka]",
      ].join("\n"),
    );
  });

  it("refuses policy_ids with two agent policies on 8.15, whose reusable integration policies are off", async () => {
    h = await startHarness({ kibanaVersion: "8.15.2" });
    for (const id of ["ap1", "ap2"])
      await h.api.request("POST", "/api/fleet/agent_policies", {
        body: { id, name: id, namespace: "default" },
      });
    const res = await h.api
      .request("POST", "/api/fleet/package_policies", {
        body: { name: "n", policy_ids: ["ap1", "ap2"], package: { name: "nginx", version: "1.5.0" } },
      })
      .catch((err) => err);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("Reusable integration policies are not supported");
  });

  it("refuses templates in Cases settings before 8.15, as Cases' io-ts validation names excess keys", async () => {
    h = await startHarness({ kibanaVersion: "8.14.3" });
    const res = await h.api
      .request("POST", "/api/cases/configure", {
        body: {
          owner: "cases",
          closure_type: "close-by-user",
          connector: { id: "none", name: "none", type: ".none", fields: null },
          customFields: [],
          templates: [],
        },
      })
      .catch((err) => err);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('invalid keys "templates"');
  });
});
