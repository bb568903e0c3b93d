/** Deterministic fault injection: latency, error statuses and dropped connections under a seed. */

export interface FaultOptions {
  latencyMs?: number;
  failRate?: number;
  failStatus?: 429 | 503;
  resetRate?: number;
  seed?: number;
}

export type FaultDecision = { kind: "none" } | { kind: "fail"; status: 429 | 503 } | { kind: "reset" };

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
  private readonly random: () => number;
  readonly latencyMs: number;

  constructor(private readonly opts: FaultOptions) {
    this.random = mulberry32(opts.seed ?? Date.now());
    this.latencyMs = opts.latencyMs ?? 0;
  }

  /** One decision per /api request, drawn in arrival order (two draws each, so the sequence is stable). */
  decide(): FaultDecision {
    const resetDraw = this.random();
    const failDraw = this.random();
    if ((this.opts.resetRate ?? 0) > 0 && resetDraw < (this.opts.resetRate ?? 0)) return { kind: "reset" };
    if ((this.opts.failRate ?? 0) > 0 && failDraw < (this.opts.failRate ?? 0)) {
      return { kind: "fail", status: this.opts.failStatus ?? 503 };
    }
    return { kind: "none" };
  }
}
