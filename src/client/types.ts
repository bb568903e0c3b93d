/** The Kibana HTTP client's public surface, shared by the CLI, the read/apply stages and the tests. */

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface KibanaClientOptions {
  /**
   * Base URL, e.g. http://127.0.0.1:5601 (no trailing /s/{space}). A `user:pass@` in it is removed
   * and used for basic auth when neither `apiKey` nor `username` is given.
   */
  url: string;
  apiKey?: string;
  username?: string;
  password?: string;
  /** Kibana space; requests go to /s/{space}/api/... unless it is "default" or empty. */
  space?: string;
  /** PEM file contents (not the path) of an extra CA to trust. */
  caCert?: string;
  /** Turn TLS verification off (only when the user asks). */
  insecure?: boolean;
  /** Time for one attempt, its whole answer included, in ms (default 30 000; never past `retryBudgetMs`). */
  timeoutMs?: number;
  /** Total time budget for one request including retries, in ms (default 60 000). */
  retryBudgetMs?: number;
  /** Largest answer body accepted, in bytes (default 64 MiB): a body that never ends stops there. */
  maxBodyBytes?: number;
  /** Maximum attempts for one request (default: as many as `retryBudgetMs` allows). 1 disables retries. */
  maxAttempts?: number;
  /** Called before each retry, for progress and debug output (never receives secrets). */
  onRetry?: (info: {
    method: HttpMethod;
    path: string;
    attempt: number;
    delayMs: number;
    reason: string;
  }) => void;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Return error responses (status >= 400) instead of throwing KibanaApiError. */
  allowErrors?: boolean;
  /** Skip the kbn-xsrf header (tests of the simulator's xsrf check). */
  noXsrf?: boolean;
  /** Skip the Authorization header (tests of the simulator's auth check). */
  noAuth?: boolean;
  /**
   * A write whose 2xx answer must name what it wrote (`{item: {id}}`, `{id}`, `{items}`), as the
   * answers to fleetform's own writes do; anything else is a KibanaAnswerError, never a success.
   */
  written?: boolean;
  /** Whether a mutating request may be retried on 429/502/503/504 and dropped connections (default true). */
  retry?: boolean;
  /**
   * Stops the request, its retries and its waits between them, rejecting with the signal's reason: a
   * read a run no longer needs (its manifests have errors) must not keep the process retrying.
   */
  signal?: AbortSignal;
}

export interface KibanaResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, string>;
  /** Attempts it took (retries included): a write retried may meet the effect of its own first attempt. */
  attempts?: number;
}
