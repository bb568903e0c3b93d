import type { HttpMethod } from "./types.js";

/** Kibana answered with an error status; `message` is Kibana's own message (Boom body), never a request body. */
export class KibanaApiError extends Error {
  constructor(
    readonly method: HttpMethod,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} → ${status}: ${errorMessageOf(body) ?? "(no message)"}`);
    this.name = "KibanaApiError";
  }

  /** Kibana's message alone, without the request line. */
  get kibanaMessage(): string {
    return errorMessageOf(this.body) ?? `HTTP ${this.status}`;
  }
}

/** Kibana could not be reached (refused, reset, timed out) within the retry budget. */
export class KibanaConnectionError extends Error {
  constructor(
    readonly method: HttpMethod,
    readonly url: string,
    readonly reason: string,
  ) {
    super(`cannot reach Kibana at ${url}: ${reason}`);
    this.name = "KibanaConnectionError";
  }
}

export function errorMessageOf(body: unknown): string | undefined {
  if (body && typeof body === "object" && "message" in body) {
    const message = (body as { message: unknown }).message;
    if (typeof message === "string") return message;
  }
  if (typeof body === "string" && body.length > 0) return body.slice(0, 500);
  return undefined;
}

/**
 * Something answered, but not with what Kibana answers: a login page, a proxy's HTML, a truncated or
 * endless body, a redirect, JSON of the wrong shape. Never retried and never taken for success.
 */
export class KibanaAnswerError extends Error {
  constructor(
    readonly method: HttpMethod,
    /** The request's URL, without credentials. */
    readonly url: string,
    readonly status: number,
    /** What came back and, for a write, that its effect is unknown. */
    readonly problem: string,
  ) {
    super(`the answer to ${method} ${url} (HTTP ${status}) ${problem}`);
    this.name = "KibanaAnswerError";
  }
}
