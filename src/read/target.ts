import type { KibanaClient } from "../client/kibana-client.js";
import { withoutUserinfo } from "../client/url.js";
import { readKibanaVersion } from "./kibana-version.js";

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
 * Names the target. The version is the one the plan's version checks use (`GET /api/status`, read
 * once per client and run by readKibanaVersion); a failed read leaves it unknown here, and the Fleet
 * reads that follow say what is wrong with the connection, in their own words.
 */
export async function readTarget(client: KibanaClient, url: string, space?: string): Promise<Target> {
  const target: Target = { url: displayUrl(url), space: space || "default" };
  const version = await readKibanaVersion(client).catch(() => undefined);
  if (version) target.version = version;
  return target;
}
