import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { planToJson } from "../../src/render/json.js";
import { renderPlanText } from "../../src/render/text.js";
import { changedPaths, type EngineHarness, engineHarness } from "./harness.js";

// A Kibana without Fleet Server has no secret storage: it keeps output secrets in their plain fields
// (ssl.key, password, service_token) and returns them decrypted (behaviours doc §6).
const outputs = () =>
  stringify({
    outputs: [
      {
        id: "es",
        name: "ES",
        type: "elasticsearch",
        hosts: ["https://es.example.com:9200"],
        secrets: { ssl: { key: envRef("SSL_KEY") } },
      },
      {
        id: "kafka",
        name: "Kafka",
        type: "kafka",
        hosts: ["kafka:9092"],
        auth_type: "user_pass",
        username: "fleet",
        topic: "t",
        secrets: { password: envRef("KAFKA_PASSWORD") },
      },
    ],
  });

/** A `${env:NAME}` reference, as a manifest writes it. */
const envRef = (name: string) => `$\{env:${name}}`;

let h: EngineHarness;
beforeEach(async () => {
  h = await engineHarness({ profile: "no-fleet-server" });
});
afterEach(() => h.close());

describe("secrets Kibana stores in clear", () => {
  const first = { SSL_KEY: "ssl-key-one-8f2a", KAFKA_PASSWORD: "kafka-pass-one-3c1d" };
  const second = { SSL_KEY: "ssl-key-two-77b0", KAFKA_PASSWORD: "kafka-pass-one-3c1d" };

  it("are compared in their secrets form: the second plan is empty", async () => {
    await h.apply(outputs(), {}, first);
    const live = (await h.client.request("GET", "/api/fleet/outputs/es")).body.item;
    expect(live.ssl?.key).toBe(first.SSL_KEY);
    expect(changedPaths((await h.plan(outputs(), {}, first)).plan)).toEqual([]);
  });

  it("a changed value is one masked update that never shows either value", async () => {
    await h.apply(outputs(), {}, first);
    const { plan } = await h.plan(outputs(), {}, second);
    expect(changedPaths(plan)).toEqual(["update es replace /secrets/ssl/key"]);
    const shown = renderPlanText(plan) + JSON.stringify(planToJson(plan));
    expect(shown).not.toContain(first.SSL_KEY);
    expect(shown).not.toContain(second.SSL_KEY);
    await h.apply(outputs(), {}, second);
    expect(changedPaths((await h.plan(outputs(), {}, second)).plan)).toEqual([]);
  });
});
