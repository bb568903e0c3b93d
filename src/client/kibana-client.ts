import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { createSecureContext, rootCertificates, type SecureContext } from "node:tls";
import { Agent, type Dispatcher, request as undiciRequest } from "undici";
import { KibanaApiError, KibanaConnectionError } from "./errors.js";
import { parseRetryAfter, RETRYABLE_STATUSES, retryDelay } from "./retry.js";
import type { HttpMethod, KibanaClientOptions, KibanaResponse, RequestOptions } from "./types.js";

const SAFE_METHODS = new Set<HttpMethod>(["GET"]);

/**
 * The one HTTP client fleetform uses: auth, kbn-xsrf, spaces, TLS, timeouts, retries.
 * It never logs bodies or headers, so no secret can leak through it.
 */
export class KibanaClient {
  readonly baseUrl: string;
  private readonly dispatcher: Agent;
  private readonly authorization: string | undefined;
  private readonly spacePrefix: string;
  private requests = 0;
  /** Told of every attempt once it is answered or fails (`apply -v`): never a body, never a header. */
  onExchange?: (exchange: { method: HttpMethod; path: string; status: number; ms: number }) => void;

  constructor(private readonly options: KibanaClientOptions) {
    this.baseUrl = options.url.replace(/\/+$/, "");
    this.authorization = authorizationHeader(options);
    this.spacePrefix =
      options.space && options.space !== "default" ? `/s/${encodeURIComponent(options.space)}` : "";
    this.dispatcher = new Agent({
      connections: 64,
      keepAliveTimeout: 10_000,
      connect: {
        rejectUnauthorized: !options.insecure,
        ...(options.caCert ? { secureContext: trustingAlso(options.caCert) } : {}),
      },
    });
  }

  /** The Kibana space requests go to. */
  get space(): string {
    return this.options.space || "default";
  }

  /** Requests sent so far, retries included (for benchmarks). */
  get requestCount(): number {
    return this.requests;
  }

  /** Builds the full URL of an API path in the configured space. */
  urlFor(path: string, query?: RequestOptions["query"]): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) search.set(key, String(value));
    }
    const qs = search.toString();
    const prefix = path.startsWith("/api/") ? this.spacePrefix : "";
    return `${this.baseUrl}${prefix}${path}${qs ? `?${qs}` : ""}`;
  }

  async request<T = any>(
    method: HttpMethod,
    path: string,
    opts: RequestOptions = {},
  ): Promise<KibanaResponse<T>> {
    const url = this.urlFor(path, opts.query);
    const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
    if (this.authorization && !opts.noAuth) headers.authorization = this.authorization;
    if (!SAFE_METHODS.has(method) && !opts.noXsrf) headers["kbn-xsrf"] = "fleetform";
    let payload: string | undefined;
    if (opts.body !== undefined) {
      payload = JSON.stringify(opts.body);
      headers["content-type"] = "application/json";
    }
    const retryable = SAFE_METHODS.has(method) || opts.retry !== false;
    const maxAttempts = retryable ? (this.options.maxAttempts ?? Number.POSITIVE_INFINITY) : 1;
    const budget = { started: Date.now(), deadline: Date.now() + (this.options.retryBudgetMs ?? 60_000) };
    const timeoutMs = this.options.timeoutMs ?? 30_000;

    for (let attempt = 1; ; attempt++) {
      let response: KibanaResponse<T>;
      const sent = Date.now();
      const shownPath = url.slice(this.baseUrl.length);
      try {
        this.requests++;
        const res = await undiciRequest(url, {
          method,
          headers,
          body: payload,
          dispatcher: this.dispatcher as Dispatcher,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        const text = await res.body.text();
        response = {
          status: res.statusCode,
          body: parseBody(text) as T,
          headers: flattenHeaders(res.headers),
        };
        this.onExchange?.({ method, path: shownPath, status: res.statusCode, ms: Date.now() - sent });
      } catch (err) {
        this.onExchange?.({ method, path: shownPath, status: 0, ms: Date.now() - sent });
        const reason = connectionReason(err);
        if (attempt >= maxAttempts || isPermanent(err))
          throw new KibanaConnectionError(method, this.baseUrl, reason);
        await this.backoff(method, path, attempt, budget, reason);
        continue;
      }
      // Settled outside the try: an error answer (400, 401, 409…) is final, not a connection
      // problem to retry.
      if (!RETRYABLE_STATUSES.has(response.status) || attempt >= maxAttempts) {
        return this.settle(method, path, { ...response, attempts: attempt }, opts);
      }
      const retryAfterMs = parseRetryAfter(response.headers["retry-after"]);
      await this.backoff(method, path, attempt, budget, `HTTP ${response.status}`, retryAfterMs);
    }
  }

  /**
   * Waits before the next attempt: what Kibana's Retry-After asks for, else exponential backoff. The
   * budget is time, not a count of attempts: it gives up only when the wait would overrun it.
   */
  private async backoff(
    method: HttpMethod,
    path: string,
    attempt: number,
    budget: { started: number; deadline: number },
    reason: string,
    retryAfterMs?: number,
  ): Promise<void> {
    const delayMs = retryDelay(attempt, retryAfterMs);
    const now = Date.now();
    if (now + delayMs > budget.deadline) {
      throw new KibanaConnectionError(
        method,
        this.baseUrl,
        `${reason}; gave up after ${attempt} attempt${attempt === 1 ? "" : "s"} over ${formatSeconds(now - budget.started)}`,
      );
    }
    this.options.onRetry?.({ method, path, attempt, delayMs, reason });
    await sleep(delayMs);
  }

  private settle<T>(method: HttpMethod, path: string, response: KibanaResponse<T>, opts: RequestOptions) {
    if (response.status >= 400 && !opts.allowErrors) {
      throw new KibanaApiError(method, path, response.status, response.body);
    }
    return response;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

/**
 * A TLS context that trusts `caCert` on top of what Node already trusts. Node's `ca` option
 * replaces the trust store (the bundled roots and NODE_EXTRA_CA_CERTS alike), which would make
 * `--ca-cert` for one corporate CA silently distrust every other one.
 */
function trustingAlso(caCert: string): SecureContext {
  const extraFile = process.env.NODE_EXTRA_CA_CERTS;
  let extra: string[] = [];
  try {
    if (extraFile) extra = [readFileSync(extraFile, "utf8")];
  } catch {
    // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS; so do we, by ignoring it.
  }
  return createSecureContext({ ca: [...rootCertificates, ...extra, caCert] });
}

function authorizationHeader(options: KibanaClientOptions): string | undefined {
  if (options.apiKey) return `ApiKey ${options.apiKey}`;
  if (options.username !== undefined) {
    return `Basic ${Buffer.from(`${options.username}:${options.password ?? ""}`).toString("base64")}`;
  }
  return undefined;
}

/** "60 s", "7.9 s": whole seconds once the precision stops mattering. */
function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${seconds >= 10 ? Math.round(seconds) : Math.round(seconds * 10) / 10} s`;
}

function parseBody(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/**
 * Certificate verification failures (untrusted, self-signed, expired, wrong host name): the same
 * certificate fails the same way on every attempt, so retrying only delays the message.
 */
const CERTIFICATE_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET_ISSUER)|ERR_TLS_CERT_ALTNAME_INVALID/;

function isPermanent(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  const code = e.code ?? e.cause?.code;
  return typeof code === "string" && CERTIFICATE_ERROR.test(code);
}

function connectionReason(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code;
  const message = e.cause?.message ?? e.message ?? String(err);
  return code ? `${code} (${message})` : message;
}
