/**
 * Kibana's Fleet setup run on a kibana.yml preconfiguration (FLEET/server/services/setup.ts, in its
 * order: proxies, Fleet Server hosts, outputs, packages, agent policies), so the simulator can start
 * as the Kibana that preconfiguration produced. With `removed`, it then runs the clean-up of a setup
 * whose kibana.yml no longer has the preconfiguration:
 *   - proxies still used by an output or Fleet Server host are kept and unmarked, others deleted
 *     (cleanPreconfiguredFleetProxies, preconfiguration/fleet_proxies.ts);
 *   - the default Fleet Server host is kept and unmarked, others deleted (cleanPreconfiguredFleetServerHosts);
 *   - default (data or monitoring) outputs are kept and unmarked, others deleted (cleanPreconfiguredOutputs);
 *   - agent policies and their integrations are left as they are, still `is_preconfigured`: nothing in
 *     Kibana cleans them up (ensurePreconfiguredPackagesAndPolicies only creates).
 */
import { stringify } from "yaml";
import { KIBANA_ENV_REF } from "../import/kibana-yml.js";
import { applyLegacyInputs, derivedPackagePolicyId } from "../import/package-policies.js";
import {
  idText,
  isLegacyPackagePolicy,
  LATEST,
  type Obj,
  packagePoliciesOf,
  readPreconfiguration,
} from "../import/preconfiguration.js";
import type { Req, Route, SimContext } from "./context.js";
import { HttpError } from "./errors.js";
import { createAgentPolicy } from "./resources/agent-policies.js";
import { bumpAgentPolicy } from "./resources/common.js";
import { findPackage, installPackage } from "./resources/epm.js";
import { fleetServerHostRoutes } from "./resources/fleet-server-hosts.js";
import { outputRoutes } from "./resources/outputs.js";
import { createPackagePolicy } from "./resources/package-policies.js";
import { proxyRoutes } from "./resources/proxies.js";

export interface PreconfigurationOptions {
  /** kibana.yml text. */
  text: string;
  file?: string;
  /** For `${NAME}` references (default: the process environment), as Kibana resolves them at start. */
  env?: Record<string, string | undefined>;
  /** Model "after removing the preconfiguration from kibana.yml and restarting Kibana". */
  removed?: boolean;
}

const USER = "system";

/** Calls one of the resource routes as Kibana's services would (no request validation, no HTTP). */
function call(routes: Route[], method: Req["method"], template: string, sim: SimContext, req: Partial<Req>) {
  const route = routes.find((r) => r.method === method && r.template === template)!;
  return route.handler(
    { method, space: "default", params: {}, query: {}, body: {}, user: USER, ...req } as Req,
    sim,
  ) as Obj;
}

function resolveEnv(value: unknown, env: Record<string, string | undefined>): any {
  if (typeof value === "string") {
    return value.replace(KIBANA_ENV_REF, (_m, name: string, _d, fallback?: string) => {
      const found = env[name] ?? fallback;
      if (found === undefined) throw new Error(`Unknown environment variable referenced in config : ${name}`);
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolveEnv(v, env));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveEnv(v, env)]));
  }
  return value;
}

/** Applies the preconfiguration to the simulator; returns Kibana's non-fatal setup errors. */
export function applyPreconfiguration(sim: SimContext, opts: PreconfigurationOptions): string[] {
  const pre = readPreconfiguration(opts.text, opts.file ?? "kibana.yml");
  if (pre.errors.length > 0) throw new Error(pre.errors.map((e) => e.message).join("\n"));
  const env = opts.env ?? process.env;
  const { store } = sim;
  const failures: string[] = [];

  for (const raw of pre.proxies) {
    const proxy = resolveEnv(raw, env);
    if (!store.proxies.has(proxy.id)) call(proxyRoutes, "POST", "/api/fleet/proxies", sim, { body: proxy });
    store.touch(Object.assign(store.proxies.get(proxy.id)!, proxy, { is_preconfigured: true }));
  }
  for (const raw of pre.fleetServerHosts) {
    const host = { is_default: false, ...resolveEnv(raw, env), is_preconfigured: true };
    const existing = store.fleetServerHosts.get(host.id);
    if (existing) store.touch(Object.assign(existing, host));
    else call(fleetServerHostRoutes, "POST", "/api/fleet/fleet_server_hosts", sim, { body: host });
  }
  for (const raw of pre.outputs) {
    const { config, ...data } = resolveEnv(raw, env);
    const output: Obj = { ...data, is_preconfigured: true };
    if (config !== undefined) output.config_yaml = stringify(config);
    if (output.type === "elasticsearch" && !output.hosts?.length) output.hosts = ["http://localhost:9200"];
    const existing = store.outputs.get(output.id);
    if (existing) store.touch(Object.assign(existing, output));
    else call(outputRoutes, "POST", "/api/fleet/outputs", sim, { body: output });
  }
  for (const pkg of pre.packages) {
    const version = pkg.version === LATEST ? undefined : String(pkg.version);
    if (!installPackage(sim, String(pkg.name), version)) {
      failures.push(`Failed installing package [${pkg.name}]: not in the simulator's catalog`);
    }
  }
  for (const raw of pre.agentPolicies) {
    try {
      addAgentPolicy(sim, resolveEnv(raw, env), failures);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      failures.push(`[${raw.name}]: ${err.message}`);
    }
  }
  if (opts.removed) removePreconfiguration(sim);
  return failures;
}

function addAgentPolicy(sim: SimContext, policy: Obj, failures: string[]): void {
  const { store } = sim;
  const id = idText(policy.id);
  if (!id) throw new HttpError(400, `${policy.name} is missing an \`id\` field.`);
  if (store.agentPolicies.has(id)) return;
  const { package_policies: _pps, is_managed, space_id, has_fleet_server, ...fields } = policy;
  const space = space_id ?? "default";
  // The service's create, not the route: no fleet_server / system integration is added for it.
  const ap = createAgentPolicy(
    sim,
    space,
    USER,
    { namespace: "default", monitoring_enabled: ["logs", "metrics"], ...fields, id, is_preconfigured: true },
    false,
  );
  if (has_fleet_server !== undefined) ap.has_fleet_server = has_fleet_server;
  for (const pp of packagePoliciesOf(policy)) {
    try {
      addPackagePolicy(sim, space, ap, pp);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      failures.push(`[${policy.name}] could not add [${pp.name}]: ${err.message}`);
    }
  }
  // is_managed is added once the integrations are in (they need force otherwise).
  if (is_managed === true) ap.is_managed = true;
  bumpAgentPolicy(store, ap.id, USER);
}

function addPackagePolicy(sim: SimContext, space: string, ap: Obj, pp: Obj): void {
  const { store } = sim;
  const installed = store.installedPackages.get(pp.package?.name);
  if (!installed) throw new HttpError(400, `[${pp.package?.name}] is not installed`);
  const pkg = findPackage(sim, installed.name, installed.version);
  const name = String(pp.name);
  const common = {
    name,
    description: pp.description,
    policy_ids: [ap.id],
    package: { name: pkg.name, version: pkg.version },
    force: true,
  };
  const body: Obj = isLegacyPackagePolicy(pp)
    ? (() => {
        const { tree } = applyLegacyInputs(pkg, pp.inputs, true);
        return {
          ...common,
          id: idText(pp.id) ?? derivedPackagePolicyId(ap.id, name),
          namespace: ap.namespace,
          inputs: tree.inputs,
          vars: tree.vars,
        };
      })()
    : {
        ...common,
        id: idText(pp.id),
        namespace: pp.namespace || ap.namespace,
        inputs: pp.inputs,
        vars: pp.vars,
        output_id: pp.output_id,
      };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  // skipUniqueNameVerification: a name another agent policy's integration already has is allowed.
  const taken = store.packagePolicyIdsByName(name).length > 0;
  const created = createPackagePolicy(
    sim,
    space,
    USER,
    taken ? { ...body, name: `${name} (${ap.id})` } : body,
  );
  if (taken) store.putPackagePolicy(store.touch({ ...created, name }, true));
}

function removePreconfiguration(sim: SimContext): void {
  const { store } = sim;
  const unmark = (o: Obj) => store.touch(Object.assign(o, { is_preconfigured: false }));
  for (const proxy of [...store.proxies.values()].filter((p) => p.is_preconfigured)) {
    const used = [...store.outputs.values(), ...store.fleetServerHosts.values()].some(
      (o) => o.proxy_id === proxy.id,
    );
    unmark(proxy);
    if (!used)
      call(proxyRoutes, "DELETE", "/api/fleet/proxies/{itemId}", sim, { params: { itemId: proxy.id } });
  }
  for (const host of [...store.fleetServerHosts.values()].filter((h) => h.is_preconfigured)) {
    unmark(host);
    if (!host.is_default) {
      call(fleetServerHostRoutes, "DELETE", "/api/fleet/fleet_server_hosts/{itemId}", sim, {
        params: { itemId: host.id },
      });
    }
  }
  for (const output of [...store.outputs.values()].filter((o) => o.is_preconfigured)) {
    unmark(output);
    if (!output.is_default && !output.is_default_monitoring) {
      call(outputRoutes, "DELETE", "/api/fleet/outputs/{outputId}", sim, { params: { outputId: output.id } });
    }
  }
}
