// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${env:TOKEN} is a manifest placeholder, not a template literal
/**
 * Input packages (`type: input`): the policy template carries its one input and its vars, and Kibana
 * makes a data stream of it whose stream holds those vars plus `data_stream.dataset`
 * (FLEET/common/services/policy_template.ts: getNormalizedInputs, getNormalizedDataStreams,
 * addDatasetVarIfNotPresent). The dataset is checked like an index name
 * (validate_package_policy.ts → is_valid_namespace.ts isValidDataset). The corpus predates input
 * packages, so the test writes one.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { writeInputPackage } from "../support/packages.js";
import { changedPaths, type EngineHarness, engineHarness } from "./harness.js";

const STREAM = "custom_input.lines";

const manifest = (id: string, streamVars?: Record<string, unknown>) =>
  stringify({
    agent_policies: [{ id: `ap-${id}`, name: `ap-${id}`, namespace: "default" }],
    integration_policies: [
      {
        id,
        name: id,
        policy_ids: [`ap-${id}`],
        package: { name: "custom_input", version: "1.0.0" },
        ...(streamVars
          ? { inputs: { "lines-logfile": { streams: { [STREAM]: { vars: streamVars } } } } }
          : {}),
      },
    ],
  });

const simplified = async (h: EngineHarness, id: string) =>
  (await h.client.request("GET", `/api/fleet/package_policies/${id}`, { query: { format: "simplified" } }))
    .body.item;

let h: EngineHarness;
beforeAll(async () => {
  h = await engineHarness({ packages: [writeInputPackage(mkdtempSync(path.join(tmpdir(), "input-pkg-")))] });
});
afterAll(() => h.close());

describe("input packages", () => {
  it("serves the policy template with its input, data stream type and vars, and no inputs list", async () => {
    const item = (await h.client.request("GET", "/api/fleet/epm/packages/custom_input/1.0.0")).body.item;
    expect(item.type).toBe("input");
    expect(item.policy_templates[0]).toMatchObject({ name: "lines", input: "logfile", type: "logs" });
    expect(item.policy_templates[0].inputs).toBeUndefined();
    expect(item.data_streams).toBeUndefined();
  });

  it("builds a policy with no inputs from the template: one stream with its vars and the dataset var", async () => {
    await h.apply(manifest("plain"));
    expect((await simplified(h, "plain")).inputs).toEqual({
      "lines-logfile": {
        enabled: true,
        streams: {
          [STREAM]: {
            enabled: true,
            vars: { paths: ["/var/log/*.log"], tags: [], api_token: null, "data_stream.dataset": "lines" },
          },
        },
      },
    });
    expect(changedPaths((await h.plan(manifest("plain"))).plan)).toEqual([]);
  });

  it("sends the dataset the manifest names and plans clean", async () => {
    const yaml = manifest("named", { "data_stream.dataset": "custom.app" });
    await h.apply(yaml);
    expect((await simplified(h, "named")).inputs["lines-logfile"].streams[STREAM].vars).toMatchObject({
      "data_stream.dataset": "custom.app",
    });
    expect(changedPaths((await h.plan(yaml)).plan)).toEqual([]);
  });

  it("stores the template's secret var as a secret reference, and plans clean", async () => {
    const yaml = manifest("secret", { api_token: "${env:TOKEN}" });
    await h.apply(yaml, {}, { TOKEN: "s3cr3t" });
    const token = (await simplified(h, "secret")).inputs["lines-logfile"].streams[STREAM].vars.api_token;
    expect(token).toEqual({ id: expect.any(String), isSecretRef: true });
    expect(changedPaths((await h.plan(yaml, {}, { TOKEN: "s3cr3t" })).plan)).toEqual([]);
  });

  it("says at plan time that Kibana refuses a dataset with a dash or capitals", async () => {
    const { plan } = await h.plan(manifest("bad-dataset", { "data_stream.dataset": "Custom-App" }));
    expect(plan.problems.map((p) => p.message)).toEqual([
      `var "data_stream.dataset" on stream ${STREAM} names a dataset Kibana refuses: Dataset must be lowercase`,
    ]);
  });

  it("is refused by the simulator as Kibana refuses it: 400 naming the dataset var", async () => {
    const res = await h.client.request("POST", "/api/fleet/package_policies", {
      body: {
        name: "raw-bad-dataset",
        policy_ids: [],
        package: { name: "custom_input", version: "1.0.0" },
        inputs: {
          "lines-logfile": { streams: { [STREAM]: { vars: { "data_stream.dataset": "app-logs" } } } },
        },
      },
      allowErrors: true,
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      `Package policy is invalid: inputs.lines-logfile.streams.${STREAM}.vars.data_stream.dataset: Dataset contains invalid characters`,
    );
  });
});
