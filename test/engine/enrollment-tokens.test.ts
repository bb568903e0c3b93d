/**
 * Enrollment tokens an agent policy declares, against the simulator. Kibana: generateEnrollmentAPIKey
 * (FLEET/server/services/api_keys/enrollment_api_key.ts) names a key `NAME (uuid)` and refuses a name any
 * key of the policy has, revoked ones included; DELETE revokes (`active: false`); every new policy gets
 * a `Default` key (agent_policy_create.ts), which is not drift.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { applyPlan } from "../../src/apply/apply-plan.js";
import { applyTokens, declaredName, listTokens } from "../../src/tokens/enrollment-tokens.js";
import { type EngineHarness, engineHarness } from "./harness.js";

let h: EngineHarness;
beforeEach(async () => {
  h = await engineHarness();
});
afterEach(() => h.close());

const policy = (tokens: object[] = [{ name: "bootstrap" }]) =>
  stringify({ agent_policies: [{ id: "ap", name: "AP", namespace: "default", enrollment_tokens: tokens }] });

const active = async () =>
  (await listTokens(h.client, "ap")).filter((k) => k.active).map((k) => declaredName(k.name));

async function applyWithTokens(yaml: string, request = {}) {
  const { plan, kinds } = await h.plan(yaml, request);
  const report = await applyPlan(plan, { client: h.client, kinds, concurrency: 4 });
  return { plan, report };
}

describe("declared enrollment tokens", () => {
  it("a new policy gets its declared token beside Kibana's Default, and then plans clean", async () => {
    const { plan, report } = await applyWithTokens(policy());
    expect(plan.tokens?.map((t) => `${t.action} ${t.policyId}/${t.name}`)).toEqual(["create ap/bootstrap"]);
    expect(report.tokens?.map((t) => t.status)).toEqual(["done"]);
    expect((await active()).sort()).toEqual(["Default", "bootstrap"]);
    const again = (await h.plan(policy())).plan;
    expect(again.tokens).toBeUndefined();
    expect(again.operations).toEqual([]);
  });

  it("the policy's body never carries enrollment_tokens", async () => {
    const { plan } = await h.plan(policy());
    expect(plan.operations[0]!.request.body).not.toHaveProperty("enrollment_tokens");
  });

  it("an existing policy that declares a token gets it, the policy itself unchanged", async () => {
    await h.apply(stringify({ agent_policies: [{ id: "ap", name: "AP", namespace: "default" }] }));
    const { plan } = await applyWithTokens(policy());
    expect(plan.operations).toEqual([]);
    expect((await active()).sort()).toEqual(["Default", "bootstrap"]);
  });

  it("a token revoked in Kibana is planned again, and a new one made under another name", async () => {
    await applyWithTokens(policy());
    const [old] = (await listTokens(h.client, "ap")).filter((k) => declaredName(k.name) === "bootstrap");
    await h.client.request("DELETE", `/api/fleet/enrollment_api_keys/${old!.id}`);
    const { plan, report } = await applyWithTokens(policy());
    expect(plan.tokens?.map((t) => t.action)).toEqual(["create"]);
    // The revoked key still holds its name (Kibana's check ignores `active`): the create must not 409.
    expect(report.tokens?.map((t) => [t.status, t.message])).toEqual([["done", undefined]]);
    expect((await active()).sort()).toEqual(["Default", "bootstrap"]);
  });

  it("is never rotated by apply alone; --rotate-tokens makes a new one and revokes the old", async () => {
    await applyWithTokens(policy());
    const before = (await listTokens(h.client, "ap")).find((k) => declaredName(k.name) === "bootstrap")!;
    await applyWithTokens(policy());
    expect(await active()).toHaveLength(2);
    const { plan, report } = await applyWithTokens(policy(), { rotateTokens: true });
    expect(plan.tokens?.map((t) => t.action)).toEqual(["rotate"]);
    expect(report.tokens?.map((t) => t.status)).toEqual(["done"]);
    const keys = await listTokens(h.client, "ap");
    expect(keys.find((k) => k.id === before.id)?.active).toBe(false);
    expect((await active()).sort()).toEqual(["Default", "bootstrap"]);
    expect((await h.plan(policy())).plan.tokens).toBeUndefined();
  });

  it("sends the expiration a declaration gives", async () => {
    const { plan } = await h.plan(policy([{ name: "short", expiration: "24h" }]));
    expect(plan.tokens?.[0]?.request.body).toEqual({ policy_id: "ap", name: "short", expiration: "24h" });
  });

  it("refuses to rotate a token made while its policy was locked: Kibana's revoke skips it", async () => {
    const locked = stringify({
      agent_policies: [
        {
          id: "ap",
          name: "AP",
          namespace: "default",
          is_managed: true,
          enrollment_tokens: [{ name: "bootstrap" }],
        },
      ],
    });
    await applyWithTokens(locked);
    const { plan } = await h.plan(locked, { rotateTokens: true });
    expect(plan.tokens).toBeUndefined();
    expect(plan.problems.map((p) => `${p.severity} ${p.message}`)).toEqual([
      expect.stringMatching(
        /^warning enrollment token "bootstrap" is not rotated: it was made while agent policy "ap" was locked/,
      ),
    ]);
    expect((await active()).sort()).toEqual(["Default", "bootstrap"]);
  });

  it("reports a rotation failed when Kibana answered the revoke but left the old token active", async () => {
    await applyWithTokens(
      stringify({ agent_policies: [{ id: "ap", name: "AP", namespace: "default", is_managed: true }] }),
    );
    const hidden = (await listTokens(h.client, "ap")).find((k) => k.hidden)!;
    const [result] = await applyTokens(
      h.client,
      [
        {
          action: "rotate",
          policyId: "ap",
          name: "Default",
          request: {
            method: "POST",
            path: "/api/fleet/enrollment_api_keys",
            body: { policy_id: "ap", name: "again" },
          },
          revoke: [hidden.id],
        },
      ],
      new Set(),
    );
    expect(result).toMatchObject({
      status: "failed",
      message: "new token created, but the old one was not revoked: Kibana answered, but it is still active",
    });
  });
});
