import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KibanaClient } from "../../src/client/kibana-client.js";

// A server that takes requests and never answers them: only the caller's stop can end a request.
let server: Server;
let url: string;
let received = 0;
beforeAll(async () => {
  server = createServer(() => {
    received++;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("a request stopped by its caller", () => {
  it("ends as soon as its signal is aborted, with the signal's reason, and is not retried", async () => {
    const client = new KibanaClient({ url, apiKey: "k", timeoutMs: 30_000 });
    const stop = new AbortController();
    const before = received;
    const started = Date.now();
    const pending = client.request("GET", "/api/fleet/agent_policies", { signal: stop.signal });
    setTimeout(() => stop.abort(new Error("the manifests failed to load")), 100);
    await expect(pending).rejects.toThrow("the manifests failed to load");
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(received - before).toBe(1);
  });

  it("is not sent when its signal was aborted before it started", async () => {
    const client = new KibanaClient({ url, apiKey: "k" });
    const before = received;
    const stop = new AbortController();
    stop.abort(new Error("stopped before sending"));
    await expect(client.request("GET", "/api/fleet/outputs", { signal: stop.signal })).rejects.toThrow(
      "stopped before sending",
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(received - before).toBe(0);
  });
});
