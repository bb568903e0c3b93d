/**
 * The UI lock: `is_managed: true` on an agent policy in a manifest. Kibana then refuses any change to
 * the policy, and any integration added to or removed from it, without `force`
 * (FLEET/server/services/agent_policy.ts update/delete, services/package_policy.ts create/delete:
 * HostedAgentPolicyRestrictionRelatedError). The manifest stating `is_managed` claims the lock as
 * fleetform's own, so fleetform sends force; a lock no manifest claims stays someone else's.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { type EngineHarness, engineHarness } from "./harness.js";

let h: EngineHarness | undefined;
afterEach(() => h?.close());

const HOSTED_SUFFIX =
  "in Fleet because the agent policy is managed by an external orchestration solution, such as Elastic Cloud, Kubernetes, etc. Please make changes using your orchestration solution.";

const locked = (extra: object = {}) => ({
  id: "locked",
  name: "Locked servers",
  namespace: "prod",
  is_managed: true,
  ...extra,
});
const nginxOn = (id: string, policy: string) => ({
  id,
  name: id,
  policy_ids: [policy],
  package: { name: "nginx", version: "1.5.0" },
});
const manifest = (policy: object, integrations: object[] = [nginxOn("nginx-locked", "locked")]) =>
  stringify({ agent_policies: [policy], integration_policies: integrations });

const opsOf = (plan: { operations: { action: string; kind: string; id: string }[] }) =>
  plan.operations.map((op) => `${op.action} ${op.kind}/${op.id}`);

describe("a policy the manifests lock (is_managed: true)", () => {
  it("is created locked with its integration, then plans clean", async () => {
    h = await engineHarness();
    const applied = await h.apply(manifest(locked()));
    expect(opsOf(applied)).toEqual([
      "create agent_policies/locked",
      "create integration_policies/nginx-locked",
    ]);
    const live = await h.client.request("GET", "/api/fleet/agent_policies/locked");
    expect(live.body.item.is_managed).toBe(true);
    const again = await h.plan(manifest(locked()));
    expect(again.plan.operations).toEqual([]);
    expect(again.plan.problems).toEqual([]);
  });

  it("shows the lock on the plan lines of the policy and of the integrations added to it", async () => {
    h = await engineHarness();
    const { plan } = await h.plan(manifest(locked()));
    const notes = Object.fromEntries(plan.operations.map((op) => [op.id, op.notes]));
    expect(notes.locked).toEqual([
      "locked (is_managed): Fleet's UI refuses to edit it; fleetform changes it with force",
    ]);
    expect(notes["nginx-locked"]).toEqual(["on locked agent policy locked: sent with force"]);
    const create = plan.operations.find((op) => op.id === "nginx-locked")!;
    expect(create.request.body).toMatchObject({ force: true });
  });

  it("refuses an edit made the UI's way (without force), with Kibana's words", async () => {
    h = await engineHarness();
    await h.apply(manifest(locked()));
    const edit = await h.client.request("PUT", "/api/fleet/agent_policies/locked", {
      body: { name: "Locked servers", namespace: "prod", description: "edited by hand" },
      allowErrors: true,
    });
    expect(edit.status).toBe(400);
    expect(edit.body.message).toBe(`Cannot update description ${HOSTED_SUFFIX}`);
  });

  it("is updated with force, and the update converges", async () => {
    h = await engineHarness();
    await h.apply(manifest(locked()));
    const { plan } = await h.plan(manifest(locked({ description: "changed by fleetform" })));
    const update = plan.operations.find((op) => op.id === "locked")!;
    expect(update.request.body).toMatchObject({ description: "changed by fleetform", force: true });
    expect(update.notes).toEqual(["locked by these manifests: sent with force"]);
    await h.apply(manifest(locked({ description: "changed by fleetform" })));
    const again = await h.plan(manifest(locked({ description: "changed by fleetform" })));
    expect(again.plan.operations).toEqual([]);
  });

  it("gets an integration added with force, and plans clean after", async () => {
    h = await engineHarness();
    await h.apply(manifest(locked()));
    const both = [nginxOn("nginx-locked", "locked"), nginxOn("nginx-second", "locked")];
    const applied = await h.apply(manifest(locked(), both));
    expect(opsOf(applied)).toEqual(["create integration_policies/nginx-second"]);
    expect((await h.plan(manifest(locked(), both))).plan.operations).toEqual([]);
  });

  it("has an integration the manifests dropped deleted with force by --prune", async () => {
    h = await engineHarness();
    await h.apply(manifest(locked()));
    const { plan } = await h.plan(manifest(locked(), []), { prune: true, scope: ["integration_policies"] });
    const remove = plan.operations.find((op) => op.id === "nginx-locked")!;
    expect(remove.action).toBe("delete");
    expect(remove.request.query).toEqual({ force: true });
    expect(remove.notes).toEqual([
      "from locked agent policy locked: sent with force, then its revision bumped",
    ]);
    await h.apply(manifest(locked(), []), { prune: true, scope: ["integration_policies"] });
    const gone = await h.client.request("GET", "/api/fleet/package_policies/nginx-locked", {
      allowErrors: true,
    });
    expect(gone.status).toBe(404);
  });

  it("gets a new revision after --prune removed an integration (Kibana's forced delete bumps none)", async () => {
    h = await engineHarness();
    await h.apply(manifest(locked()));
    const revision = async () =>
      (await h!.client.request("GET", "/api/fleet/agent_policies/locked")).body.item.revision;
    const before = await revision();
    await h.apply(manifest(locked(), []), { prune: true, scope: ["integration_policies"] });
    expect(await revision()).toBe(before + 1);
    expect((await h.plan(manifest(locked(), []))).plan.operations).toEqual([]);
  });

  it("keeps the manifest's values when its own update and the bump after a prune meet", async () => {
    h = await engineHarness();
    await h.apply(manifest(locked()));
    const renamed = manifest(locked({ name: "Payments", inactivity_timeout: 3600 }), []);
    await h.apply(renamed, { prune: true, scope: ["agent_policies", "integration_policies"] });
    const item = (await h.client.request("GET", "/api/fleet/agent_policies/locked")).body.item;
    expect(item).toMatchObject({ name: "Payments", inactivity_timeout: 3600, is_managed: true });
    expect((await h.plan(renamed)).plan.operations).toEqual([]);
  });

  it("keeps a name Kibana has under ignore_changes when the bump after a prune runs", async () => {
    h = await engineHarness();
    const ignoring = locked({ ignore_changes: ["name"] });
    await h.apply(manifest(ignoring));
    await h.client.request("PUT", "/api/fleet/agent_policies/locked", {
      body: { name: "Renamed by hand", namespace: "prod", force: true },
    });
    await h.apply(manifest(ignoring, []), { prune: true, scope: ["integration_policies"] });
    const item = (await h.client.request("GET", "/api/fleet/agent_policies/locked")).body.item;
    expect(item.name).toBe("Renamed by hand");
  });

  it("runs the policy's own update after the prune whose bump rewrites it", async () => {
    h = await engineHarness();
    await h.apply(manifest(locked()));
    const renamed = manifest(locked({ name: "Payments" }), []);
    const { plan } = await h.plan(renamed, {
      prune: true,
      scope: ["agent_policies", "integration_policies"],
    });
    const update = plan.operations.find((op) => op.key === "agent_policies/locked")!;
    expect(update.dependsOn).toContain("integration_policies/nginx-locked");
  });

  it("is locked by an update when the manifest adds is_managed: true to an existing policy", async () => {
    h = await engineHarness();
    await h.apply(manifest(locked({ is_managed: undefined })));
    const { plan } = await h.plan(manifest(locked()));
    const lock = plan.operations.find((op) => op.id === "locked")!;
    expect(lock.changes.map((c) => `${c.op} ${c.path}`)).toEqual(["replace /is_managed"]);
    expect(lock.notes).toEqual(["locks it (is_managed): Fleet's UI refuses to edit it from now on"]);
    await h.apply(manifest(locked()));
    expect((await h.plan(manifest(locked()))).plan.operations).toEqual([]);
  });

  it("is unlocked by is_managed: false (sent with force); Kibana then takes edits without force", async () => {
    h = await engineHarness();
    await h.apply(manifest(locked()));
    const { plan } = await h.plan(manifest(locked({ is_managed: false })));
    const unlock = plan.operations.find((op) => op.id === "locked")!;
    expect(unlock.request.body).toMatchObject({ is_managed: false, force: true });
    expect(unlock.notes).toEqual(["unlocks it (is_managed: false), sent with force"]);
    await h.apply(manifest(locked({ is_managed: false })));
    const edit = await h.client.request("PUT", "/api/fleet/agent_policies/locked", {
      body: { name: "Locked servers", namespace: "prod", description: "edited by hand" },
    });
    expect(edit.status).toBe(200);
  });

  it("is deleted by --prune once unlocked: the lock is lifted first, then the policy goes", async () => {
    h = await engineHarness();
    await h.apply(manifest(locked()));
    await h.apply(manifest(locked({ is_managed: false })));
    const applied = await h.apply(stringify({ agent_policies: [], integration_policies: [] }), {
      prune: true,
    });
    expect(opsOf(applied)).toContain("delete agent_policies/locked");
    const gone = await h.client.request("GET", "/api/fleet/agent_policies/locked", { allowErrors: true });
    expect(gone.status).toBe(404);
  });

  it("is left alone, with its integrations, once no manifest states the lock", async () => {
    h = await engineHarness();
    await h.apply(manifest(locked()));
    const { plan } = await h.plan(stringify({ agent_policies: [], integration_policies: [] }), {
      prune: true,
    });
    expect(opsOf(plan)).not.toContain("delete agent_policies/locked");
    expect(opsOf(plan)).not.toContain("delete integration_policies/nginx-locked");
  });
});

describe("a lock no manifest claims", () => {
  it("keeps a hosted policy out of reach when the manifest leaves is_managed out", async () => {
    h = await engineHarness({ profile: "hosted-fleet-server" });
    const { plan } = await h.plan(
      stringify({
        agent_policies: [
          { id: "fleet-server-policy", name: "Fleet Server policy", namespace: "default", description: "x" },
        ],
      }),
    );
    expect(plan.operations).toEqual([]);
    expect(plan.problems.map((p) => p.message)).toEqual([
      'agent policy "fleet-server-policy" is a managed (hosted) agent policy; change it with the orchestration that manages it (if fleetform locked it, state is_managed in its manifest): fleetform never changes it',
    ]);
  });

  it("refuses an integration added to someone else's hosted policy before applying", async () => {
    h = await engineHarness({ profile: "hosted-fleet-server" });
    const { plan } = await h.plan(
      stringify({ integration_policies: [nginxOn("nginx-fs", "fleet-server-policy")] }),
    );
    expect(plan.operations).toEqual([]);
    expect(plan.problems.map((p) => p.message)).toEqual([
      'agent policy "fleet-server-policy" is managed (hosted); Kibana refuses integrations added to it',
    ]);
  });

  it("never claims a preconfigured policy, even when the manifest states is_managed", async () => {
    const dataFile = path.join(await mkdtemp(path.join(tmpdir(), "fleetform-lock-")), "state.json");
    const setup = await engineHarness({ dataFile });
    await setup.apply(manifest(locked()));
    await setup.close();
    const state = JSON.parse(await readFile(dataFile, "utf8"));
    for (const policy of state.agentPolicies) if (policy.id === "locked") policy.is_preconfigured = true;
    await writeFile(dataFile, JSON.stringify(state));
    h = await engineHarness({ dataFile });
    const { plan } = await h.plan(manifest(locked({ description: "changed" })));
    expect(plan.operations).toEqual([]);
    expect(plan.problems[0]?.message).toMatch(/^agent policy "locked" is a managed \(hosted\) agent policy/);
  });
});
