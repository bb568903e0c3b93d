import { KibanaApiError, type KibanaConnectionError } from "../client/errors.js";

/**
 * What to do about a failed connection, in one line: the causes people meet on a first run (a
 * self-signed certificate, http for https or the reverse, a browser address, a wrong port), read
 * from the error the client gave up with. Undefined when there is nothing better to say.
 */
export function connectionHint(err: KibanaConnectionError | KibanaApiError): string | undefined {
  if (err instanceof KibanaApiError) {
    if (err.status === 401)
      return "Kibana did not accept the credentials: check KIBANA_API_KEY (or --username/--password)";
    if (err.status === 403)
      return "the credentials lack a privilege: Fleet and Cases settings need the 'all' privilege";
    if (err.status === 404 && err.path.startsWith("/api/"))
      return "Kibana has no such API at this address: is --kibana-url Kibana's base URL (with its server.basePath, if it has one)?";
    return undefined;
  }
  const { reason, url } = err;
  const https = url.toLowerCase().startsWith("https:");
  if (/ALTNAME|Hostname\/IP does not match/i.test(reason))
    return "Kibana's certificate is for another host name: use the name it was issued for in --kibana-url";
  if (/SELF_SIGNED|UNABLE_TO_(VERIFY|GET_ISSUER)|CERT_UNTRUSTED|unable to verify/i.test(reason))
    return "Kibana's certificate is not signed by a CA Node trusts (self-signed?): pass that CA with --ca-cert FILE (or, only to try, --insecure)";
  if (/CERT_HAS_EXPIRED|certificate has expired/i.test(reason)) return "Kibana's certificate has expired";
  if (https && /WRONG_VERSION_NUMBER|wrong version number|packet length too long/i.test(reason))
    return `Kibana answers plain HTTP at this address: use ${url.replace(/^https:/i, "http:")}`;
  if (!https && /other side closed|socket hang up|ECONNRESET|UND_ERR_SOCKET/i.test(reason))
    return `the connection was closed without an answer: if Kibana serves HTTPS there, use ${url.replace(/^http:/i, "https:")}`;
  if (/ECONNREFUSED/.test(reason))
    return "nothing accepts connections at that host and port: check both (Kibana listens on 5601 by default)";
  if (/ENOTFOUND|EAI_AGAIN/.test(reason))
    return "that host name does not resolve: check it, and the DNS of this machine";
  return undefined;
}

/**
 * A URL copied from the browser (`https://kibana:5601/app/fleet/agents`) names a page, not the API's
 * base: say which base URL it means. A base path before `/app/` (Kibana's server.basePath) is kept.
 */
export function browserPathHint(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const at = parsed.pathname.search(/\/app(\/|$)/);
  if (at < 0) return undefined;
  return `${parsed.origin}${parsed.pathname.slice(0, at)}`;
}
