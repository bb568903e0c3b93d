/**
 * What was reviewed is what is applied: a saved plan is refused when Kibana changed since it was
 * made, and a versioned update that meets someone else's change is reported, never overwritten.
 */
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { kibanaEnv, runCli } from "../cli/run-cli.js";
import { API_KEY, writeManifest } from "./helpers.js";
import { type InProcess, inProcess } from "./in-process.js";

const manifest = (version: number) => `
proxies:
  - { id: stale-proxy, name: Stale proxy, url: "http://proxy-v${version}.example.com:3128" }
agent_policies:
  - { id: stale-policy, name: Stale policy, namespace: default, description: "v${version}" }
`;

describe("apply --plan FILE", () => {
  let h: InProcess;
  afterEach(() => h.close());

  /** Kibana at version 1 (applied through the API), and a plan to version 2 saved by the CLI. */
  async function savedPlan() {
    h = await inProcess();
    await h.apply(await h.plan(manifest(1)));
    const env = kibanaEnv({ url: h.sim.url, apiKey: API_KEY });
    const dir = await writeManifest(manifest(2));
    const planFile = path.join(dir, "reviewed.plan");
    const plan = await runCli(["plan", dir, "--out", planFile], { env });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('~ proxy "stale-proxy"');
    return { env, planFile, other: h.other };
  }

  const proxyUrl = async () => (await h.other.request("GET", "/api/fleet/proxies/stale-proxy")).body.item.url;

  it("refuses, naming the object, when an object the plan read changed since, and applies nothing", async () => {
    const { env, planFile, other } = await savedPlan();
    await other.request("PUT", "/api/fleet/agent_policies/stale-policy", {
      body: { name: "Stale policy", namespace: "default", description: "edited in the Kibana UI" },
    });
    const apply = await runCli(["apply", "--plan", planFile], { env });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(`the saved plan ${planFile} is stale; nothing was applied`);
    expect(apply.stderr).toContain("agent_policies/stale-policy changed");
    expect(apply.stderr).toContain("run plan again");
    // Not even the proxy update, which the change does not touch, was applied.
    expect(await proxyUrl()).toBe("http://proxy-v1.example.com:3128");
    const policy = (await other.request("GET", "/api/fleet/agent_policies/stale-policy")).body.item;
    expect(policy.description).toBe("edited in the Kibana UI");
  });

  it("refuses when an object was deleted or created since", async () => {
    const { env, planFile, other } = await savedPlan();
    await other.request("POST", "/api/fleet/proxies", {
      body: { id: "surprise-proxy", name: "Surprise", url: "http://surprise.example.com:3128" },
    });
    await other.request("POST", "/api/fleet/agent_policies/delete", {
      body: { agentPolicyId: "stale-policy" },
    });
    const apply = await runCli(["apply", "--plan", planFile], { env });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain("proxies/surprise-proxy was created");
    expect(apply.stderr).toContain("agent_policies/stale-policy was deleted");
    expect(await proxyUrl()).toBe("http://proxy-v1.example.com:3128");
  });

  it("applies when nothing changed since", async () => {
    const { env, planFile } = await savedPlan();
    const apply = await runCli(["apply", "--plan", planFile], { env });
    expect(apply.code).toBe(0);
    expect(await proxyUrl()).toBe("http://proxy-v2.example.com:3128");
  });
});

describe("a versioned update that meets someone else's change", () => {
  let h: InProcess;
  afterEach(() => h.close());

  const nginx = (tag: string) => `
agent_policies:
  - { id: race-policy, name: Race policy, namespace: default }
integration_policies:
  - id: race-nginx
    name: race-nginx
    description: from fleetform
    policy_ids: [race-policy]
    package: { name: nginx, version: 1.5.0 }
    inputs:
      nginx-logfile:
        streams:
          nginx.access:
            vars: { tags: [${tag}] }
`;

  it("integration policy (PUT with version): reported as a concurrent change, not overwritten", async () => {
    h = await inProcess();
    await h.apply(await h.plan(nginx("before")));
    const planned = await h.plan(nginx("after"));
    expect(planned.plan.operations.map((o) => o.key)).toEqual(["integration_policies/race-nginx"]);

    // Someone edits the policy in Kibana between plan and apply.
    const live = (await h.other.request("GET", "/api/fleet/package_policies/race-nginx")).body.item;
    await h.other.request("PUT", "/api/fleet/package_policies/race-nginx", {
      body: {
        name: live.name,
        description: "edited in the Kibana UI",
        namespace: live.namespace,
        policy_ids: live.policy_ids,
        package: live.package,
        // The legacy PUT refuses the computed compiled_input (yet requires compiled_stream).
        inputs: live.inputs.map(({ compiled_input: _, ...input }: Record<string, unknown>) => input),
      },
    });

    const [result] = (await h.apply(planned)).results;
    expect(result).toMatchObject({ status: "failed", concurrentChange: true });
    expect(result!.message).toContain("changed in Kibana after the plan read it");
    const after = (await h.other.request("GET", "/api/fleet/package_policies/race-nginx")).body.item;
    expect(after.description).toBe("edited in the Kibana UI");
    expect(JSON.stringify(after.inputs)).toContain('"before"');
    expect(JSON.stringify(after.inputs)).not.toContain('"after"');
  });

  it("Cases settings (PATCH with version): reported as a concurrent change, not overwritten", async () => {
    h = await inProcess();
    const cases = (closure: string) => `
case_settings:
  - owner: observability
    closure_type: ${closure}
    connector: { id: none, name: none, type: .none, fields: null }
`;
    await h.apply(await h.plan(cases("close-by-user")));
    const planned = await h.plan(cases("close-by-pushing"));
    expect(planned.plan.operations.map((o) => o.action)).toEqual(["update"]);

    const [config] = (
      await h.other.request("GET", "/api/cases/configure", { query: { owner: "observability" } })
    ).body;
    await h.other.request("PATCH", `/api/cases/configure/${config.id}`, {
      body: {
        version: config.version,
        customFields: [{ key: "team", label: "Team", type: "text", required: false }],
      },
    });

    const [result] = (await h.apply(planned)).results;
    expect(result).toMatchObject({ status: "failed", concurrentChange: true });
    const [after] = (
      await h.other.request("GET", "/api/cases/configure", { query: { owner: "observability" } })
    ).body;
    expect(after.closure_type).toBe("close-by-user");
    expect(after.customFields).toHaveLength(1);
  });
});
