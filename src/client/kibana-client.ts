import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { createSecureContext, rootCertificates, type SecureContext } from "node:tls";
import { Agent } from "undici";
import {
  BodyTooLargeError,
  DEFAULT_MAX_BODY_BYTES,
  describeBody,
  isWriteAnswer,
  parseBody,
} from "./answer.js";
import { KibanaAnswerError, KibanaApiError, KibanaConnectionError } from "./errors.js";
import { type ExchangeAnswer, exchange } from "./exchange.js";
import { parseRetryAfter, RETRYABLE_STATUSES, retryDelay } from "./retry.js";
import type { HttpMethod, KibanaClientOptions, KibanaResponse, RequestOptions } from "./types.js";
import { redirectTarget, splitUserinfo } from "./url.js";

const SAFE_METHODS = new Set<HttpMethod>(["GET"]);

/** What an API path is prefixed with in a space: nothing in the default one. */
function spacePrefix(space: string | undefined): string {
  return space && space !== "default" ? `/s/${encodeURIComponent(space)}` : "";
}

/**
 * The one HTTP client fleetform uses: auth, kbn-xsrf, spaces, TLS, timeouts, retries.
 * It never logs bodies or headers, so no secret can leak through it.
 */
export class KibanaClient {
  readonly baseUrl: string;
  private readonly dispatcher: Agent;
  private readonly authorization: string | undefined;
  private readonly spacePrefix: string;
  /** Shared with the views of other spaces (`inSpace`), which are the same connection. */
  private readonly counter = { requests: 0 };
  /** Told of every attempt once it is answered or fails (`apply -v`): never a body, never a header. */
  onExchange?: (exchange: { method: HttpMethod; path: string; status: number; ms: number }) => void;

  constructor(private readonly options: KibanaClientOptions) {
    // Credentials in the URL never travel in it (nor show in messages): they become basic auth.
    const { url, username, password } = splitUserinfo(options.url);
    this.baseUrl = url.replace(/\/+$/, "");
    this.authorization = authorizationHeader(
      options.apiKey === undefined && options.username === undefined ? { username, password } : options,
    );
    this.spacePrefix = spacePrefix(options.space);
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
    return this.counter.requests;
  }

  /**
   * The same client (connection, credentials, retries, request count) speaking to another space: a
   * run that spans several spaces reads and writes each one through its view.
   */
  inSpace(space: string | undefined): KibanaClient {
    if (!space || space === this.space) return this;
    const view = Object.create(this) as KibanaClient;
    Object.defineProperty(view, "spacePrefix", { value: spacePrefix(space) });
    Object.defineProperty(view, "options", { value: { ...this.options, space } });
    return view;
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
    // A write sent without an answer coming back may have been applied: giving up must say so.
    let sentUnanswered = false;

    for (let attempt = 1; ; attempt++) {
      opts.signal?.throwIfAborted();
      let response: KibanaResponse<T>;
      const sent = Date.now();
      const shownPath = url.slice(this.baseUrl.length);
      try {
        response = (await this.attempt(
          method,
          url,
          headers,
          payload,
          attemptTime(timeoutMs, budget),
          opts.written === true,
          opts.signal,
        )) as KibanaResponse<T>;
        this.onExchange?.({ method, path: shownPath, status: response.status, ms: Date.now() - sent });
      } catch (err) {
        const status = err instanceof KibanaAnswerError ? err.status : 0;
        this.onExchange?.({ method, path: shownPath, status, ms: Date.now() - sent });
        if (err instanceof KibanaAnswerError) throw err;
        opts.signal?.throwIfAborted();
        const reason = connectionReason(err);
        if (isPermanent(err)) throw new KibanaConnectionError(method, this.baseUrl, reason);
        sentUnanswered ||= !SAFE_METHODS.has(method);
        const note = sentUnanswered ? MAYBE_APPLIED : "";
        if (attempt >= maxAttempts) throw new KibanaConnectionError(method, this.baseUrl, `${reason}${note}`);
        await this.backoff(method, path, attempt, budget, reason, undefined, note, opts.signal);
        continue;
      }
      // Settled outside the try: an error answer (400, 401, 409…) is final, not a connection
      // problem to retry.
      if (!RETRYABLE_STATUSES.has(response.status) || attempt >= maxAttempts) {
        return this.settle(method, path, { ...response, attempts: attempt }, opts);
      }
      const retryAfterMs = parseRetryAfter(response.headers["retry-after"]);
      const note = sentUnanswered ? MAYBE_APPLIED : "";
      await this.backoff(
        method,
        path,
        attempt,
        budget,
        `HTTP ${response.status}`,
        retryAfterMs,
        note,
        opts.signal,
      );
    }
  }

  /**
   * One request and its whole answer, within `timeMs` (headers and body alike, so a body that never
   * ends cannot hold the run) and `maxBodyBytes`. A 2xx answer must be Kibana's JSON (and, when
   * `written`, name what it wrote); a redirect is reported, never followed.
   */
  private async attempt(
    method: HttpMethod,
    url: string,
    headers: Record<string, string>,
    payload: string | undefined,
    timeMs: number,
    written: boolean,
    signal: AbortSignal | undefined,
  ): Promise<KibanaResponse> {
    this.counter.requests++;
    let answer: ExchangeAnswer;
    try {
      answer = await exchange(this.dispatcher, {
        method,
        url,
        headers,
        body: payload,
        timeMs,
        timeout: () => new AttemptTimeout(`timeout: no complete answer within ${formatSeconds(timeMs)}`),
        maxBodyBytes: this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
        signal,
      });
    } catch (err) {
      if (err instanceof BodyTooLargeError)
        throw new KibanaAnswerError(method, url, err.status, `${err.message}${unknownEffect(method)}`);
      throw err;
    }
    const { status, text } = answer;
    const resHeaders = flattenHeaders(answer.headers);
    if (status >= 300 && status < 400) {
      throw new KibanaAnswerError(
        method,
        url,
        status,
        `is a redirect to ${redirectTarget(resHeaders.location, url)}: fleetform does not follow redirects (credentials must not go to another address); give --kibana-url the address Kibana answers at`,
      );
    }
    const parsed = parseBody(text);
    const notKibana = (what: string) =>
      new KibanaAnswerError(
        method,
        url,
        status,
        `${what} (${describeBody(text, resHeaders["content-type"])}): something other than Kibana (a proxy, a login page) may be answering at this address${unknownEffect(method)}`,
      );
    // 204 No Content is a whole answer (Kibana's DELETE of a space): there is no body to check.
    if (status === 204 && text.length === 0) return { status, body: undefined, headers: resHeaders };
    if (status < 300) {
      if (!parsed.json) throw notKibana("is not Kibana's JSON");
      if (written && !isWriteAnswer(parsed.value))
        throw notKibana("is JSON but does not name what was written, as Kibana's answers do");
    }
    // An error answer stays an error answer; one that is not Kibana's JSON is described, not quoted whole.
    const body = parsed.json
      ? parsed.value
      : text.length
        ? describeBody(text, resHeaders["content-type"])
        : undefined;
    return { status, body, headers: resHeaders };
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
    /** Said when giving up (that an unanswered attempt may have been applied). */
    note = "",
    signal?: AbortSignal,
  ): Promise<void> {
    const delayMs = retryDelay(attempt, retryAfterMs);
    const now = Date.now();
    if (now + delayMs > budget.deadline) {
      throw new KibanaConnectionError(
        method,
        this.baseUrl,
        `${reason}; gave up after ${attempt} attempt${attempt === 1 ? "" : "s"} over ${formatSeconds(now - budget.started)}${note}`,
      );
    }
    this.options.onRetry?.({ method, path, attempt, delayMs, reason });
    try {
      await sleep(delayMs, undefined, { signal });
    } catch {
      signal?.throwIfAborted(); // the wait ends early only when the request is stopped
    }
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

function authorizationHeader(
  options: Pick<KibanaClientOptions, "apiKey" | "username" | "password">,
): string | undefined {
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

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/**
 * Certificate verification failures (untrusted, self-signed, expired, wrong host name), and TLS
 * spoken to a plain-HTTP server: the same address fails the same way on every attempt, so retrying
 * only delays the message.
 */
const CERTIFICATE_ERROR =
  /CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET_ISSUER)|ERR_TLS_CERT_ALTNAME_INVALID|WRONG_VERSION_NUMBER/;

function isPermanent(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  const code = e.code ?? e.cause?.code;
  return typeof code === "string" && CERTIFICATE_ERROR.test(code);
}

/** The attempt ran out of time: retried like a dropped connection, within the budget. */
class AttemptTimeout extends Error {}

/**
 * Time for one attempt: the per-request timeout, but never past the budget (`--timeout` bounds the
 * whole request, retries and answer included). A little is always left, so a retry is a real one.
 */
function attemptTime(timeoutMs: number, budget: { deadline: number }): number {
  return Math.max(250, Math.min(timeoutMs, budget.deadline - Date.now()));
}

const MAYBE_APPLIED = "; an attempt went unanswered, so the change may have been made: run plan to see";

/** A write whose answer was not understood may or may not have been applied. */
function unknownEffect(method: HttpMethod): string {
  return SAFE_METHODS.has(method) ? "" : "; whether the change was made is unknown: run plan to see";
}

function connectionReason(err: unknown): string {
  if (err instanceof AttemptTimeout) return err.message;
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code;
  const message = e.cause?.message ?? e.message ?? String(err);
  return code ? `${code} (${message})` : message;
}
