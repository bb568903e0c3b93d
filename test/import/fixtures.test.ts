/**
 * `fleetform import` on kibana.yml files of different shapes: the manifests it writes plan clean
 * against the Kibana (the simulator) that the same preconfiguration set up.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { EngineHarness } from "../engine/harness.js";
import { fixture, fixtureText, importedFrom } from "./helpers.js";

const ENV = {
  ELASTIC_PACKAGE_CA_TRUSTED_FINGERPRINT: "ab12cd34",
  OUTPUTS_MY_LOGSTASH_OUTPUT_WITH_A_SECRET_SECRETS_SSL_KEY: "securekey",
};

describe("imported manifests plan clean against the Kibana their preconfiguration set up", () => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  for (const name of ["fleet-settings-docs.yml", "eck-fleet-server.yml", "kibana-cloud-test.yml"]) {
    it(`${name} plans no changes`, async () => {
      const imported = await importedFrom(fixtureText(name), fixture(name), {}, ENV);
      h = imported.h;
      expect(imported.result.errors).toEqual([]);
      const { plan } = await h.plan(imported.yaml, {}, ENV);
      expect(plan.problems).toEqual([]);
      expect(plan.operations.map((o) => `${o.action} ${o.kind} ${o.id}`)).toEqual([]);
    });
  }
});

describe("integration names reused across agent policies", () => {
  it("are renamed in the manifest, and the plan says the rename cannot reach a preconfigured policy's integration", async () => {
    // Kibana's preconfiguration creates package policies with skipUniqueNameVerification
    // (FLEET/server/services/preconfiguration.ts addPreconfiguredPolicyPackages); its API refuses taken names.
    const name = "elastic-package-stack.yml";
    const { h, result, yaml } = await importedFrom(fixtureText(name), fixture(name), {}, ENV);
    try {
      expect(result.warnings.map((w) => `${w.location?.line}: ${w.message}`)).toContain(
        '56: integration policy name "system-1" is also used in agent policy "elastic-agent-managed-ep"; Kibana\'s API requires unique names, so the manifest renames this one "system-1 (fleet-server-policy-ep)"',
      );
      const { plan } = await h.plan(yaml, {}, ENV);
      // The integrations of a preconfigured agent policy are kibana.yml's: fleetform never changes them.
      expect(plan.problems.map((p) => `${p.subject.id}: ${p.message}`)).toEqual([
        expect.stringMatching(
          /^fleet-server-system: .*child of agent policy "fleet-server-policy-ep", a preconfigured/,
        ),
      ]);
      expect(plan.operations).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
