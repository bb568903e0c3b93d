/**
 * Helpers for writing catalog vars the way Kibana's EPM API returns them: the registry normalizes
 * `multi`, `required` and `show_user` to booleans (false when the manifest leaves them out), keeps
 * `default` typed as in the YAML (absent when the manifest has none) and `secret` only when set.
 */
import type { PackageVarDef } from "../../packages/types.js";

export interface VarOpts {
  multi?: boolean;
  required?: boolean;
  show_user?: boolean;
  default?: unknown;
  secret?: boolean;
  description?: string;
  options?: { value: string; text: string }[];
}

export function v(name: string, type: string, title: string | undefined, o: VarOpts = {}): PackageVarDef {
  const def: PackageVarDef = {
    name,
    type,
    ...(title !== undefined ? { title } : {}),
    ...(o.description !== undefined ? { description: o.description } : {}),
    multi: o.multi ?? false,
    required: o.required ?? false,
    show_user: o.show_user ?? false,
  };
  if (o.default !== undefined) def.default = o.default;
  if (o.secret) def.secret = true;
  if (o.options) def.options = o.options;
  return def;
}

/** `tags`: text, multi, not shown; default as the manifest gives it (often none). */
export const tags = (o: VarOpts = {}): PackageVarDef => v("tags", "text", "Tags", { multi: true, ...o });

/** `processors`: yaml, optional, hidden, no default. */
export const processors = (o: VarOpts = {}): PackageVarDef => v("processors", "yaml", "Processors", o);

/** `preserve_original_event`: bool, required, shown, default false. */
export const preserveOriginalEvent = (): PackageVarDef =>
  v("preserve_original_event", "bool", "Preserve original event", {
    required: true,
    show_user: true,
    default: false,
  });

/** `ignore_older` on log streams: text, optional, hidden, default "72h". */
export const ignoreOlder = (): PackageVarDef =>
  v("ignore_older", "text", "Ignore events older than", { default: "72h" });

/** `period` on metrics streams: text, required, shown. */
export const period = (def = "10s"): PackageVarDef =>
  v("period", "text", "Period", { required: true, show_user: true, default: def });

/**
 * The commented-out certificate the Splunk (httpjson) inputs of nginx and system offer as the
 * default of their `ssl` var (a YAML block string in the manifests).
 */
export const SPLUNK_SSL_DEFAULT = [
  "#certificate_authorities:",
  "#  - |",
  "#    -----BEGIN CERTIFICATE-----",
  "#    MIIDCjCCAfKgAwIBAgITJ706Mu2wJlKckpIvkWxEHvEyijANBgkqhkiG9w0BAQsF",
  "#    ADAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwIBcNMTkwNzIyMTkyOTA0WhgPMjExOTA2",
  "#    MjgxOTI5MDRaMBQxEjAQBgNVBAMMCWxvY2FsaG9zdDCCASIwDQYJKoZIhvcNAQEB",
  "#    BQADggEPADCCAQoCggEBANce58Y/JykI58iyOXpxGfw0/gMvF0hUQAcUrSMxEO6n",
  "#    fZRA49b4OV4SwWmA3395uL2eB2NB8y8qdQ9muXUdPBWE4l9rMZ6gmfu90N5B5uEl",
  "#    94NcfBfYOKi1fJQ9i7WKhTjlRkMCgBkWPkUokvBZFRt8RtF7zI77BSEorHGQCk9t",
  "#    /D7BS0GJyfVEhftbWcFEAG3VRcoMhF7kUzYwp+qESoriFRYLeDWv68ZOvG7eoWnP",
  "#    PsvZStEVEimjvK5NSESEQa9xWyJOmlOKXhkdymtcUd/nXnx6UTCFgnkgzSdTWV41",
  "#    CI6B6aJ9svCTI2QuoIq2HxX/ix7OvW1huVmcyHVxyUECAwEAAaNTMFEwHQYDVR0O",
  "#    BBYEFPwN1OceFGm9v6ux8G+DZ3TUDYxqMB8GA1UdIwQYMBaAFPwN1OceFGm9v6ux",
  "#    8G+DZ3TUDYxqMA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADggEBAG5D",
  "#    874A4YI7YUwOVsVAdbWtgp1d0zKcPRR+r2OdSbTAV5/gcS3jgBJ3i1BN34JuDVFw",
  "#    3DeJSYT3nxy2Y56lLnxDeF8CUTUtVQx3CuGkRg1ouGAHpO/6OqOhwLLorEmxi7tA",
  "#    H2O8mtT0poX5AnOAhzVy7QW0D/k4WaoLyckM5hUa6RtvgvLxOwA0U+VGurCDoctu",
  "#    8F4QOgTAWyh8EZIwaKCliFRSynDpv3JTUwtfZkxo6K6nce1RhCWFAsMvDZL8Dgc0",
  "#    yvgJ38BRsFOtkRuAGSf6ZUwTO8JJRRIFnpUzXflAnGivK9M13D5GEQMmIl6U9Pvk",
  "#    sxSmbIUfc2SGJGCJD4I=",
  "#    -----END CERTIFICATE-----",
  "",
].join("\n");
