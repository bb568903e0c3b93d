import { KibanaClient } from "../../src/client/kibana-client.js";
import { type RunningSimulator, type SimulatorOptions, startSimulator } from "../../src/sim/index.js";

export interface Harness {
  sim: RunningSimulator;
  api: KibanaClient;
  /** A client for another Kibana space. */
  inSpace(space: string): KibanaClient;
  close(): Promise<void>;
}

export async function startHarness(opts: SimulatorOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ port: 0, ...opts });
  const clients: KibanaClient[] = [];
  const make = (space?: string) => {
    const c = new KibanaClient({ url: sim.url, apiKey: "fleetform-sim", space, maxAttempts: 1 });
    clients.push(c);
    return c;
  };
  const api = make();
  return {
    sim,
    api,
    inSpace: make,
    close: async () => {
      await Promise.all(clients.map((c) => c.close()));
      await sim.close();
    },
  };
}

/** Sends a request that may fail and returns status and body. */
export async function call(api: KibanaClient, method: any, path: string, body?: unknown, query?: any) {
  return api.request(method, path, { body, query, allowErrors: true });
}

export { KibanaClient, startSimulator };
