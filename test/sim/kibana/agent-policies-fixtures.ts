/**
 * The fixtures of Kibana's agent policy API tests (x-pack/platform/test/fleet_api_integration/apis/
 * agent_policy/agent_policy.ts, describe 'fleet_agent_policies'), shared by the ported tests
 * (agent-policies-*.test.ts). Kibana's fixture packages `single_input_no_streams` / `filetest` are
 * replaced by the real `nginx` package.
 */
import { call, type Harness } from "../helpers.js";

/** POST, PUT and GET of agent policies through the harness `harness()` returns at call time. */
export function agentPoliciesApi(harness: () => Harness) {
  const create = (body: object, query?: object) =>
    call(harness().api, "POST", "/api/fleet/agent_policies", body, query);
  const update = (id: string, body: object, query?: object) =>
    call(harness().api, "PUT", `/api/fleet/agent_policies/${id}`, body, query);
  const get = (id: string, query?: object) =>
    call(harness().api, "GET", `/api/fleet/agent_policies/${id}`, undefined, query);

  /** Kibana's createAgentPolicyWithPackagePolicy, with nginx's access-log stream as the one stream. */
  async function policyWithPackagePolicy(): Promise<string> {
    const ap = await create({ name: "Test policy 1", namespace: "default" });
    await harness().api.request("POST", "/api/fleet/package_policies", {
      body: {
        name: "nginx-1",
        namespace: "default",
        policy_ids: [ap.body.item.id],
        package: { name: "nginx", version: "3.2.2" },
        inputs: { "nginx-logfile": { streams: { "nginx.access": {} } } },
      },
    });
    return ap.body.item.id;
  }

  return { create, update, get, policyWithPackagePolicy };
}

export const simplifiedInputsOf = (item: any) => item.package_policies[0].inputs;
