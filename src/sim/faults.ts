/** Deterministic fault injection: latency, error statuses and dropped connections under a seed. */

export interface FaultOptions {
  latencyMs?: number;
  failRate?: number;
  /** Status of injected failures; a list splits them evenly between its statuses (default 503). */
  failStatus?: 429 | 503 | (429 | 503)[];
  resetRate?: number;
  /**
   * Share (0..1) of the dropped connections that are dropped after the request was handled, so its
   * effect lands but its answer is lost, as when a proxy gives up on a request Kibana completed.
   * Default 0: every drop happens before the request is handled.
   */
  lostResponseShare?: number;
  /** Share (0..1) of /api requests answered 200 with an HTML login page, as a proxy in front of Kibana does. */
  answerHtmlShare?: number;
  /** Share (0..1) of /api requests handled, then answered with the JSON cut in half (ended cleanly). */
  truncateShare?: number;
  /** Share (0..1) of /api requests answered 200 with a JSON body that never ends (64 KiB every 10 ms). */
  endlessBodyShare?: number;
  /** Answer every /api request with `302 Location: <redirectTo><path>` (another origin, say). */
  redirectTo?: string;
  /** Cap `perPage` at N, as a proxy rewriting the query (or a Kibana with a lower limit) does; Kibana echoes N. */
  capPerPage?: number;
  /**
   * What a capped list answers as its `perPage`: the cap (default, as Kibana behind a rewriting proxy
   * does) or the value asked for (a short page that does not say so: only `total` tells).
   */
  capPerPageEcho?: "capped" | "asked";
  seed?: number;
}

export type FaultDecision =
  | { kind: "none" }
  | { kind: "fail"; status: 429 | 503 }
  | { kind: "reset" }
  | { kind: "lost" }
  | { kind: "html" }
  | { kind: "truncate" }
  | { kind: "endless" };

/** Requests answered by fault injection, by kind of fault. */
export interface FaultCounts {
  fail: number;
  reset: number;
  lost: number;
  html: number;
  truncate: number;
  endless: number;
  redirect: number;
}

export function noFaults(): FaultCounts {
  return { fail: 0, reset: 0, lost: 0, html: 0, truncate: 0, endless: 0, redirect: 0 };
}

/** mulberry32: a tiny, fast, seedable PRNG. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private random: () => number;
  latencyMs: number;

  constructor(private opts: FaultOptions) {
    this.random = mulberry32(opts.seed ?? Date.now());
    this.latencyMs = opts.latencyMs ?? 0;
  }

  /** Replaces the fault settings (and reseeds), so a test can turn faults off to inspect the state. */
  configure(opts: FaultOptions): void {
    this.opts = opts;
    this.random = mulberry32(opts.seed ?? Date.now());
    this.latencyMs = opts.latencyMs ?? 0;
  }

  get redirectTo(): string | undefined {
    return this.opts.redirectTo;
  }

  get capPerPage(): number | undefined {
    return this.opts.capPerPage;
  }

  get capPerPageEcho(): "capped" | "asked" {
    return this.opts.capPerPageEcho ?? "capped";
  }

  /**
   * One decision per /api request, drawn in arrival order (two draws each, so the sequence is stable;
   * a third only when answer faults are on, so the seeds of runs without them keep their sequence).
   */
  decide(): FaultDecision {
    const resetDraw = this.random();
    const failDraw = this.random();
    const { answerHtmlShare = 0, truncateShare = 0, endlessBodyShare = 0 } = this.opts;
    const answerDraw = answerHtmlShare + truncateShare + endlessBodyShare > 0 ? this.random() : 1;
    const resetRate = this.opts.resetRate ?? 0;
    if (resetRate > 0 && resetDraw < resetRate) {
      // The same draw picks before or after, so the sequence of decisions stays stable.
      return resetDraw < resetRate * (this.opts.lostResponseShare ?? 0)
        ? { kind: "lost" }
        : { kind: "reset" };
    }
    const failRate = this.opts.failRate ?? 0;
    if (failRate > 0 && failDraw < failRate) {
      // The same draw picks the status, so a list of statuses keeps the sequence of decisions stable.
      const statuses = [this.opts.failStatus ?? 503].flat();
      const status =
        statuses[Math.min(statuses.length - 1, Math.floor((failDraw / failRate) * statuses.length))];
      return { kind: "fail", status: status ?? 503 };
    }
    if (answerDraw < answerHtmlShare) return { kind: "html" };
    if (answerDraw < answerHtmlShare + truncateShare) return { kind: "truncate" };
    if (answerDraw < answerHtmlShare + truncateShare + endlessBodyShare) return { kind: "endless" };
    return { kind: "none" };
  }
}
