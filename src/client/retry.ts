/**
 * Retry policy. Reads are always safe to repeat; writes are repeated only on answers that mean
 * "not processed" (429, 502, 503, 504) or a dropped connection. Callers that cannot tolerate a
 * repeated write (none today) pass `retry: false`. A create repeated after a dropped connection may
 * meet 409 because the first attempt landed: the apply stage resolves that by reading the object back.
 */
export const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 200, capMs: 5_000 };

/** Exponential backoff with full jitter; `random` is injectable for deterministic tests. */
export function backoffDelay(attempt: number, policy = DEFAULT_BACKOFF, random = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * The wait before attempt `attempt + 1`: what the server's Retry-After asks for (never less than the
 * base backoff, so a `Retry-After: 0` cannot make a busy loop), else the exponential backoff.
 */
export function retryDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  policy = DEFAULT_BACKOFF,
  random = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.max(policy.baseMs, retryAfterMs);
  return backoffDelay(attempt, policy, random);
}

/** Parses a Retry-After header (delta seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
