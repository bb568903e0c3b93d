import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { type EngineHarness, engineHarness } from "./harness.js";

let h: EngineHarness;
beforeEach(async () => {
  h = await engineHarness();
});
afterEach(() => h.close());

describe("checks made before anything is applied", () => {
  it("refuses two manifest objects sharing a name Kibana keeps unique", async () => {
    const { plan } = await h.plan(
      stringify({
        agent_policies: [
          { id: "twin-1", name: "Twin", namespace: "default" },
          { id: "twin-2", name: "twin ", namespace: "default" },
        ],
      }),
    );
    expect(plan.problems.map((p) => `${p.subject.id}: ${p.message}`)).toEqual([
      'twin-2: name "twin " is also the name of "twin-1" in the manifests, and Kibana requires unique names',
    ]);
  });

  it("refuses to take the default flag from the default output when nothing takes it over", async () => {
    const adopted = {
      id: "fleet-default-output",
      name: "default",
      type: "elasticsearch",
      hosts: ["http://localhost:9200"],
      is_default_monitoring: true,
    };
    const { plan } = await h.plan(stringify({ outputs: [adopted] }));
    expect(plan.problems.map((p) => p.message)).toEqual([
      'output "fleet-default-output" is the current is_default output, and Kibana refuses to take that from it directly',
    ]);
    const handedOver = {
      outputs: [
        adopted,
        { id: "es", name: "ES", type: "elasticsearch", hosts: ["https://es:9200"], is_default: true },
      ],
    };
    expect((await h.plan(stringify(handedOver))).plan.problems).toEqual([]);
    await h.apply(stringify(handedOver));
  });

  it("refuses a rename to a name another live object has", async () => {
    await h.apply(
      stringify({
        agent_policies: [
          { id: "a", name: "Alpha", namespace: "default" },
          { id: "b", name: "Beta", namespace: "default" },
        ],
      }),
    );
    const { plan } = await h.plan(
      stringify({ agent_policies: [{ id: "a", name: "beta", namespace: "default" }] }),
    );
    expect(plan.problems.map((p) => p.message)).toEqual([
      'cannot rename to "beta": the live object "b" has that name, and Kibana requires unique names',
    ]);
    expect(plan.operations).toEqual([]);
  });

  it("refuses to attach an integration to a managed agent policy", async () => {
    await h.close();
    h = await engineHarness({ profile: "hosted-fleet-server" });
    const { plan } = await h.plan(
      stringify({
        integration_policies: [
          {
            id: "tcp",
            name: "tcp",
            policy_ids: ["fleet-server-policy"],
            package: { name: "tcp", version: "1.19.1" },
          },
        ],
      }),
    );
    expect(plan.problems.map((p) => p.message)).toEqual([
      'agent policy "fleet-server-policy" is managed (hosted); Kibana refuses integrations added to it',
    ]);
  });

  it("refuses delete_unenrolled_agents in a manifest once kibana.yml set it, and leaves it alone otherwise", async () => {
    // Kibana's PUT takes the preconfigured mark as Fleet setup writes it (FLEET/server/services/settings.ts).
    await h.client.request("PUT", "/api/fleet/settings", {
      body: { delete_unenrolled_agents: { enabled: true, is_preconfigured: true } },
    });
    const stated = { delete_unenrolled_agents: { enabled: true, is_preconfigured: false } };
    const { plan } = await h.plan(stringify({ fleet_settings: stated }));
    expect(plan.problems).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /^delete_unenrolled_agents is set in kibana\.yml .*\(it is enabled there\)$/,
        ),
        location: expect.objectContaining({ line: 2 }),
      }),
    ]);
    const other = (await h.plan(stringify({ fleet_settings: { prerelease_integrations_enabled: true } })))
      .plan;
    expect(other.problems).toEqual([]);
  });
});
