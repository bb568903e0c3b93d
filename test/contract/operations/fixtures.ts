/**
 * What the topics of the every-operation contract suite (../operations.test.ts) share: the harness they
 * reach at call time, and the simplified nginx package policy the integration and space topics send.
 */
import type { ContractHarness } from "../../support/sim-contract.js";

/** The suite's one harness, started in its beforeAll; topics call it at test time. */
export type SuiteHarness = () => ContractHarness;

export const NGINX_SIMPLIFIED = {
  id: "nginx-linux",
  name: "nginx-linux",
  description: "nginx access and error logs",
  namespace: "",
  policy_ids: ["linux-servers"],
  package: { name: "nginx", version: "1.5.0" },
  inputs: {
    "nginx-logfile": {
      streams: {
        "nginx.access": { vars: { tags: ["test"] } },
      },
    },
  },
};
