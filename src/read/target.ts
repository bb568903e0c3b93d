import type { KibanaClient } from "../client/kibana-client.js";
import { withoutUserinfo } from "../client/url.js";

/** Which Kibana a run talks to: every plan, prompt and report names it. */
export interface Target {
  /** The base URL, never with credentials. */
  url: string;
  /** The Kibana space ("default" when none is given). */
  space: string;
  /** `version.number` of `GET /api/status`; absent when Kibana does not say (anonymous, redacted). */
  version?: string;
}

/** A URL as it may be shown: without `user:password@`, and without a trailing slash. */
export function displayUrl(url: string): string {
  return withoutUserinfo(url).replace(/\/+($| \()/, "$1");
}

/**
 * Reads the Kibana version once per run. Kibana answers `/api/status` with 503 (same body) while
 * degraded, and with a redacted body (no version) to an unauthenticated caller
 * (src/core/packages/status/server-internal/src/routes/status.ts): neither stops the run.
 */
export async function readTarget(client: KibanaClient, url: string, space?: string): Promise<Target> {
  const target: Target = { url: displayUrl(url), space: space || "default" };
  try {
    const res = await client.request("GET", "/api/status", { allowErrors: true });
    const version = res.body?.version?.number;
    if (typeof version === "string" && version) target.version = version;
  } catch {
    // The Fleet reads that follow say what is wrong with the connection, in their own words.
  }
  return target;
}
