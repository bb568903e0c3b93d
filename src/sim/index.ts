/**
 * fleetform's Kibana simulator: a stateful HTTP server that behaves like Kibana for Fleet and Cases settings.
 *
 * Credentials: with no `apiKey` and no `username`/`password`, it accepts `Authorization: Basic` for
 * `elastic:changeme` and `Authorization: ApiKey fleetform-sim`. When `apiKey` or `username`/`password` are
 * given, only those are accepted.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { SimContext } from "./context.js";
import { badRequest, notFound } from "./errors.js";
import { type FaultCounts, type FaultOptions, Faults, noFaults } from "./faults.js";
import { SimPackages } from "./packages/index.js";
import { applyPreconfiguration, type PreconfigurationOptions } from "./preconfiguration.js";
import { agentPolicyRoutes } from "./resources/agent-policies.js";
import { casesRoutes } from "./resources/cases.js";
import { downloadSourceRoutes } from "./resources/download-sources.js";
import { enrollmentKeyRoutes } from "./resources/enrollment-keys.js";
import { epmRoutes } from "./resources/epm.js";
import { epmInfoRoutes } from "./resources/epm-info.js";
import { fleetServerHostRoutes } from "./resources/fleet-server-hosts.js";
import { outputRoutes } from "./resources/outputs.js";
import { packagePolicyRoutes } from "./resources/package-policies.js";
import { proxyRoutes } from "./resources/proxies.js";
import { settingsRoutes } from "./resources/settings.js";
import { spaceRoutes } from "./resources/spaces.js";
import { statusRoutes } from "./resources/status.js";
import { Router } from "./router.js";
import { type Profile, seed } from "./seed.js";
import { type Credentials, createHandler } from "./server.js";
import { type StateData, Store } from "./store.js";
import { checkKibanaVersion, LATEST_KIBANA_VERSION } from "./versions.js";

/** The simulator to start: where it listens, who it lets in, what it holds, and the faults it injects. */
export interface SimulatorOptions extends FaultOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Load state from this JSON file at start; save it (atomically) after mutations and on close. */
  dataFile?: string;
  apiKey?: string;
  username?: string;
  password?: string;
  profile?: Profile;
  /** Append one JSON line per handled /api request (also env FLEETFORM_SIM_RECORD). */
  recordFile?: string;
  /** Serve HTTPS with this PEM certificate and key instead of plain HTTP (to test TLS verification). */
  tls?: { cert: string; key: string };
  /** Directories of packages (`NAME/VERSION/` trees or `NAME-VERSION.zip` archives) added to the catalog. */
  packages?: string[];
  /** An Elastic Package Registry URL: packages the catalog lacks are fetched from it (and kept). */
  registry?: string;
  /** The Kibana version to play (`GET /api/status`, and what that version lacks); default the newest. */
  kibanaVersion?: string;
  /** Start as the Kibana a kibana.yml Fleet preconfiguration set up (after the seed). */
  preconfiguration?: PreconfigurationOptions;
}

export interface SimStats {
  requests: number;
  byRoute: Record<string, number>;
  /** The same counts, space by space (`default` for paths without /s/{space}). */
  bySpace: Record<string, Record<string, number>>;
  /** Requests answered by fault injection instead of the API: error statuses, dropped connections, bad answers. */
  faults: FaultCounts;
}

export interface RunningSimulator {
  url: string;
  close(): Promise<void>;
  stats(): SimStats;
  /** Sets the enrolled active-agent count of an agent policy (test hook, also `POST /__sim/agent_count`). */
  setAgentCount(policyId: string, count: number, space?: string): void;
  /** Back to the seeded state (also `POST /__sim/reset`). */
  reset(): void;
  /** Replaces the fault injection settings; `setFaults({})` turns faults off (test hook). */
  setFaults(opts: FaultOptions): void;
}

export const DEFAULT_API_KEY = "fleetform-sim";
export const DEFAULT_USERNAME = "elastic";
export const DEFAULT_PASSWORD = "changeme";

function credentialsOf(opts: SimulatorOptions): Credentials {
  if (opts.apiKey !== undefined || opts.username !== undefined) {
    return {
      apiKeys: opts.apiKey !== undefined ? [opts.apiKey] : [],
      basic: opts.username !== undefined ? [{ username: opts.username, password: opts.password ?? "" }] : [],
    };
  }
  return { apiKeys: [DEFAULT_API_KEY], basic: [{ username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD }] };
}

export function buildRouter(packages = new SimPackages()): Router {
  const router = new Router();
  const routes = [
    ...outputRoutes,
    ...proxyRoutes,
    ...downloadSourceRoutes,
    ...fleetServerHostRoutes,
    ...settingsRoutes,
    ...agentPolicyRoutes,
    ...packagePolicyRoutes,
    ...enrollmentKeyRoutes,
    ...epmRoutes,
    ...epmInfoRoutes,
    ...casesRoutes,
    ...statusRoutes,
    ...spaceRoutes,
  ];
  router.add(...packages.fetchingRoutes(routes));
  return router;
}

export function seededContext(
  profile: Profile,
  packages = new SimPackages(),
  preconfiguration?: PreconfigurationOptions,
): SimContext {
  const sim: SimContext = { store: new Store(), catalog: packages.catalog };
  // A Kibana whose Fleet kibana.yml set up has the Fleet Server policy that file defines, not the UI's.
  seed(sim, profile, { fleetServerPolicy: !preconfiguration });
  if (preconfiguration) applyPreconfiguration(sim, preconfiguration);
  return sim;
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const profile = opts.profile ?? "fleet-server";
  const packages = new SimPackages({ packages: opts.packages, registry: opts.registry });
  const kibanaVersion = checkKibanaVersion(opts.kibanaVersion ?? LATEST_KIBANA_VERSION);
  const seeded = (): SimContext => ({
    ...seededContext(profile, packages, opts.preconfiguration),
    kibanaVersion,
  });
  let sim: SimContext;
  if (opts.dataFile && existsSync(opts.dataFile)) {
    const data = JSON.parse(readFileSync(opts.dataFile, "utf8")) as StateData;
    sim = { store: Store.fromData(data), catalog: packages.catalog, kibanaVersion };
  } else sim = seeded();

  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = undefined;
    if (!opts.dataFile) return;
    const tmp = `${opts.dataFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(sim.store.toData()));
    renameSync(tmp, opts.dataFile);
  };
  const onMutation = () => {
    if (opts.dataFile && !saveTimer) saveTimer = setTimeout(save, 25);
  };

  const stats: SimStats = { requests: 0, byRoute: {}, bySpace: {}, faults: noFaults() };
  const setAgentCount = (policyId: string, count: number, space = "default") => {
    const ap = sim.store.agentPolicies.get(policyId);
    if (!ap || !(ap.space_ids as string[]).includes(space))
      throw notFound(`Agent policy ${policyId} not found`);
    if (!Number.isInteger(count) || count < 0) throw badRequest("count must be a non-negative integer");
    sim.store.agentCounts.set(policyId, count);
    onMutation();
  };
  const reset = () => {
    sim = seeded();
    onMutation();
  };

  const faults = new Faults(opts);
  const handler = createHandler({
    router: buildRouter(packages),
    sim: () => sim,
    faults,
    credentials: credentialsOf(opts),
    recordFile: opts.recordFile ?? process.env.FLEETFORM_SIM_RECORD,
    onMutation,
    stats,
    control: {
      handle(method, path, body) {
        if (method === "POST" && path === "/__sim/agent_count") {
          setAgentCount(String(body.policyId), Number(body.count), body.space ?? "default");
          return { policyId: body.policyId, count: Number(body.count) };
        }
        if (method === "GET" && path === "/__sim/stats") return stats;
        if (method === "POST" && path === "/__sim/reset") {
          reset();
          return { reset: true };
        }
        return undefined;
      },
    },
  });

  const listener: Parameters<typeof createServer>[1] = (req, res) => {
    handler(req, res).catch((err) => {
      process.stderr.write(`fleetform sim: ${(err as Error)?.stack ?? err}\n`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
  const server: Server = opts.tls
    ? createTlsServer({ cert: opts.tls.cert, key: opts.tls.key }, listener)
    : createServer(listener);
  server.keepAliveTimeout = 5_000;
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  if (opts.dataFile) save();

  return {
    url: `${opts.tls ? "https" : "http"}://${host}:${port}`,
    stats: () => ({
      requests: stats.requests,
      byRoute: { ...stats.byRoute },
      bySpace: Object.fromEntries(
        Object.entries(stats.bySpace).map(([space, routes]) => [space, { ...routes }]),
      ),
      faults: { ...stats.faults },
    }),
    setAgentCount,
    reset,
    setFaults: (next) => faults.configure(next),
    close: async () => {
      save();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
