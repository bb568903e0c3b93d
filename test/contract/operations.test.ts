/**
 * Every operation of the OpenAPI contract, sent over real HTTP through KibanaClient to the simulator;
 * every request body we send and every response body (success, and errors where the contract describes
 * them) is validated against ../shared/kibana-openapi/fleet-cases.yaml.
 *
 * The topics (./operations/) run in this order against one simulator: later ones use objects earlier
 * ones created, and the last test checks that together they reached every operation.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeContract } from "../support/contract-suite.js";
import { operations } from "../support/openapi.js";
import { ContractHarness } from "../support/sim-contract.js";
import { describeCasesAndSpaces } from "./operations/cases-and-spaces.js";
import { describeIntegrations } from "./operations/integrations.js";
import { describeOutputsAndAgentPolicies } from "./operations/outputs-and-agent-policies.js";
import { describeSettingsAndHosts } from "./operations/settings-and-hosts.js";

describeContract("contract: every operation against the simulator", () => {
  let h: ContractHarness;

  beforeAll(async () => {
    h = await ContractHarness.start();
  });
  afterAll(async () => {
    await h?.close();
  });

  const harness = () => h;
  describeSettingsAndHosts(harness);
  describeOutputsAndAgentPolicies(harness);
  describeIntegrations(harness);
  describeCasesAndSpaces(harness);

  it("exercised every operation of the contract with a validated 2xx response", () => {
    const missing = operations()
      .map((o) => `${o.method} ${o.template}`)
      .filter((op) => !h.coveredOperations().has(op));
    expect(missing).toEqual([]);
  });
});
