/**
 * Credentials written into a URL (`https://user:pass@kibana:5601`). The URL is shown in messages and
 * stored in plan files, so it is only ever kept without them; they serve as basic auth instead.
 */
export interface UrlCredentials {
  /** The URL as given, minus its `user:pass@`. */
  url: string;
  username?: string;
  password?: string;
}

/** `scheme://user:pass@` or, without a scheme, a leading `user:pass@`. */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)?[^/?#]*@/i;

/** The URL without `user:pass@`, as it may be shown; works on strings that are not valid URLs too. */
export function withoutUserinfo(url: string): string {
  return url.replace(USERINFO, "$1");
}

/** Splits `user:pass@` off a URL; an unparsable URL keeps its text (minus userinfo) and no credentials. */
export function splitUserinfo(url: string): UrlCredentials {
  const shown = withoutUserinfo(url);
  if (shown === url) return { url };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url: shown };
  }
  if (!parsed.username && !parsed.password) return { url: shown };
  return {
    url: shown,
    username: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
}

/** Where a redirect points, for a message: origin and path only (a query may carry a login token). */
export function redirectTarget(location: string | undefined, requestUrl: string): string {
  if (!location) return "nowhere (no Location header)";
  try {
    const target = new URL(location, requestUrl);
    return `${target.origin}${target.pathname}`;
  } catch {
    return `an unparsable location (${location.length} characters)`;
  }
}
