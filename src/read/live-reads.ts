import type { KibanaClient } from "../client/kibana-client.js";
import type { Body, KindDescriptor } from "../kinds/types.js";
import { listAll } from "./list-all.js";

/**
 * The list reads of a run, each started once, as soon as the run knows it needs it: a command starts
 * the reads its manifests' sections call for while the rest of the manifests still load and validate,
 * and the read stage then takes them as they come (the simulator or Kibana answers meanwhile).
 * Only reads the run is sure to need are started (see readsKnownFrom in src/pipeline.ts): the
 * requests are the ones the read stage would send anyway, no more.
 */
export class LiveReads {
  private readonly reads = new Map<string, Promise<Body[]>>();
  private readonly stopped = new AbortController();

  constructor(private readonly client: KibanaClient) {}

  /** Every object of `kind` in `space` (undefined: the client's own): the read started now or before. */
  list(kind: KindDescriptor, space: string | undefined): Promise<Body[]> {
    const key = `${kind.name}/${space ?? ""}`;
    let read = this.reads.get(key);
    if (!read) {
      read = listAll(this.client.inSpace(space), kind, this.stopped.signal);
      // A read started early may fail before anyone waits for it: its error waits for the reader.
      read.catch(() => {});
      this.reads.set(key, read);
    }
    return read;
  }

  /** Stops the reads in flight: the run ends without them (its manifests have errors). */
  abandon(): void {
    this.stopped.abort(new Error("the live reads were abandoned: the run ended before using them"));
  }
}
