/**
 * Kibana's normalizeHostsForAgents (FLEET/common/services/hosts_utils.ts), shared by the planner and
 * the simulator: `protocol//hostname:port[path]` with the port always explicit (agents do not assume
 * 80/443), a `/` path dropped, the hostname lowercased, query and fragment dropped. Only http(s) URLs
 * are normalized; `host:port` entries (Logstash, Kafka) stay as they are.
 */
export function normalizeHostForAgents(host: string): string {
  if (!/^https?:\/\//i.test(host)) return host;
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    return host;
  }
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return `${url.protocol}//${url.hostname}:${port}${url.pathname === "/" ? "" : url.pathname}`;
}
