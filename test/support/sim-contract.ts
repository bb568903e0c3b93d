/**
 * A simulator plus the project's KibanaClient, where every call is checked against the OpenAPI contract:
 * the request body we send (unless the test sends an invalid one on purpose) and the response body.
 * Violations are collected rather than thrown, so one test reports all of them at once.
 */
import { expect } from "vitest";
import { KibanaClient } from "../../src/client/kibana-client.js";
import type { HttpMethod, KibanaResponse, RequestOptions } from "../../src/client/types.js";
import { type RunningSimulator, type SimulatorOptions, startSimulator } from "../../src/sim/index.js";
import { hasResponseSchema, matchPath, validateRequestBody, validateResponse } from "./openapi.js";

export interface ContractCallOptions extends Omit<RequestOptions, "allowErrors"> {
  /** Expected HTTP status (default: any 2xx). */
  status?: number;
  /** The body is invalid on purpose (an error-path test): do not require it to match the contract. */
  invalidBody?: boolean;
}

export interface ContractCall<T = any> extends KibanaResponse<T> {
  template: string;
  /** Whether the contract describes a body for this status (so it was validated). */
  validated: boolean;
}

export class ContractHarness {
  /** `METHOD template status` of every response validated against a contract schema. */
  readonly covered = new Set<string>();
  private readonly clients: KibanaClient[] = [];

  private constructor(
    readonly sim: RunningSimulator,
    readonly api: KibanaClient,
  ) {
    this.clients.push(api);
  }

  static async start(opts: SimulatorOptions = {}): Promise<ContractHarness> {
    const sim = await startSimulator({ port: 0, ...opts });
    const api = new KibanaClient({ url: sim.url, username: "elastic", password: "changeme", maxAttempts: 1 });
    return new ContractHarness(sim, api);
  }

  /** A client for another Kibana space (requests go to /s/{space}/api/...). */
  client(space?: string): KibanaClient {
    const c = new KibanaClient({
      url: this.sim.url,
      username: "elastic",
      password: "changeme",
      maxAttempts: 1,
      ...(space ? { space } : {}),
    });
    this.clients.push(c);
    return c;
  }

  /**
   * Sends one request and checks it: expected status, request body valid (unless `invalidBody`),
   * response body valid for its status. Throws with every problem listed.
   */
  async call<T = any>(
    method: HttpMethod,
    path: string,
    opts: ContractCallOptions & { client?: KibanaClient } = {},
  ): Promise<ContractCall<T>> {
    const { status: expected, invalidBody, client, ...requestOpts } = opts;
    const template = matchPath(method, path);
    if (!template) throw new Error(`${method} ${path} is not an operation of the OpenAPI contract`);
    const problems: string[] = [];
    if (requestOpts.body !== undefined && !invalidBody) {
      for (const e of validateRequestBody(method, template, requestOpts.body))
        problems.push(`request body: ${e}`);
    }
    const res = await (client ?? this.api).request<T>(method, path, { ...requestOpts, allowErrors: true });
    if (expected !== undefined ? res.status !== expected : res.status < 200 || res.status >= 300) {
      problems.push(
        `status ${res.status}, expected ${expected ?? "2xx"}; body: ${JSON.stringify(res.body)?.slice(0, 500)}`,
      );
    }
    for (const e of validateResponse(method, template, res.status, res.body)) {
      problems.push(`response body (${res.status}): ${e}`);
    }
    const validated = hasResponseSchema(method, template, res.status);
    if (problems.length > 0) {
      throw new Error(
        `${method} ${path} (${template}) breaks the contract:\n  ${problems.slice(0, 40).join("\n  ")}`,
      );
    }
    if (validated) this.covered.add(`${method} ${template} ${res.status}`);
    return { ...res, template, validated };
  }

  /** Operations (`METHOD template`) that got a validated 2xx response. */
  coveredOperations(): Set<string> {
    const ops = new Set<string>();
    for (const key of this.covered) {
      const [method, template, status] = key.split(" ");
      if (status!.startsWith("2")) ops.add(`${method} ${template}`);
    }
    return ops;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
    await this.sim.close();
  }
}

/** Expects that a response was validated against a contract schema (not skipped as undescribed). */
export function expectValidated(call: ContractCall): void {
  expect(call.validated, `${call.template} ${call.status} has a schema in the contract`).toBe(true);
}
