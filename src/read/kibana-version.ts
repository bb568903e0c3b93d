import type { KibanaClient } from "../client/kibana-client.js";

/** One read per client: every stage (the plan's checks, the headers that show it) shares it. */
const versions = new WeakMap<KibanaClient, Promise<string | undefined>>();

/**
 * The Kibana version (`GET /api/status` → `version.number`), read once per client and run. Undefined
 * when Kibana does not tell it (a user without access to the full status gets only its level):
 * the version checks are then skipped, never guessed.
 */
export function readKibanaVersion(client: KibanaClient): Promise<string | undefined> {
  let version = versions.get(client);
  if (!version) {
    version = client.request("GET", "/api/status", { allowErrors: true }).then((res) => {
      const number = res.status < 300 ? res.body?.version?.number : undefined;
      return typeof number === "string" && /^\d+\.\d+\.\d+/.test(number) ? number : undefined;
    });
    // A failed read is not kept: the next caller asks again (and reports its own error).
    version.catch(() => versions.delete(client));
    versions.set(client, version);
  }
  return version;
}
