// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${kubernetes.container.id} and ${env.NODE_NAME} are Elastic Agent variables, not template literals
/**
 * Elastic Agent resolves its own variables (`${kubernetes.container.id}`, `${env.NODE_NAME}`) when it
 * runs a policy; Kibana stores them as text. Real kubernetes and custom-logs (`log`) package vars use
 * them, so fleetform must send them as written and plan clean (only `${env:…}` and `${file:…}` are
 * fleetform's, per the design's contract).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { CORPUS } from "../support/packages.js";
import { changedPaths, type EngineHarness, engineHarness } from "./harness.js";

const record = path.join(mkdtempSync(path.join(tmpdir(), "agent-vars-")), "requests.jsonl");

/** The body fleetform sent to create the integration policy `id`. */
function sentBody(id: string) {
  const lines = readFileSync(record, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  return lines.find(
    (l) => l.method === "POST" && l.path === "/api/fleet/package_policies" && l.requestBody?.id === id,
  )?.requestBody;
}

const manifest = (policy: Record<string, unknown>) =>
  stringify({
    agent_policies: [{ id: `ap-${policy.id}`, name: `ap-${policy.id}`, namespace: "default" }],
    integration_policies: [{ name: policy.id, policy_ids: [`ap-${policy.id}`], ...policy }],
  });

let h: EngineHarness;
beforeAll(async () => {
  h = await engineHarness({ packages: [CORPUS], recordFile: record });
});
afterAll(() => h.close());

describe("Elastic Agent's own variables in real package vars", () => {
  it("sends kubernetes' ${kubernetes.container.id} and ${env.NODE_NAME} as written and plans clean", async () => {
    const yaml = manifest({
      id: "k8s-agent-vars",
      package: { name: "kubernetes", version: "1.27.0" },
      inputs: {
        "kubelet-kubernetes/metrics": {
          streams: { "kubernetes.node": { vars: { hosts: ["https://${env.NODE_NAME}:10250"] } } },
        },
        "container-logs-filestream": {
          streams: {
            "kubernetes.container_logs": {
              vars: {
                paths: [
                  "/var/log/containers/*${kubernetes.container.id}.log",
                  "/var/log/pods/${kubernetes.pod.uid}/*.log",
                ],
              },
            },
          },
        },
      },
    });
    await h.apply(yaml);
    const sent = sentBody("k8s-agent-vars");
    expect(sent.inputs["kubelet-kubernetes/metrics"].streams["kubernetes.node"].vars.hosts).toEqual([
      "https://${env.NODE_NAME}:10250",
    ]);
    expect(sent.inputs["container-logs-filestream"].streams["kubernetes.container_logs"].vars.paths).toEqual([
      "/var/log/containers/*${kubernetes.container.id}.log",
      "/var/log/pods/${kubernetes.pod.uid}/*.log",
    ]);
    expect(changedPaths((await h.plan(yaml)).plan)).toEqual([]);
  });

  it("sends custom logs' paths and YAML with ${env.NODE_NAME} as written and plans clean", async () => {
    const yaml = manifest({
      id: "custom-logs-agent-vars",
      package: { name: "log", version: "1.0.0" },
      inputs: {
        "logs-logfile": {
          streams: {
            "log.log": {
              vars: {
                paths: ["/var/log/${env.NODE_NAME}/app-*.log"],
                "data_stream.dataset": "app",
                custom: "fields:\n  node: ${env.NODE_NAME}\n",
              },
            },
          },
        },
      },
    });
    await h.apply(yaml);
    expect(sentBody("custom-logs-agent-vars").inputs["logs-logfile"].streams["log.log"].vars).toEqual({
      paths: ["/var/log/${env.NODE_NAME}/app-*.log"],
      "data_stream.dataset": "app",
      custom: "fields:\n  node: ${env.NODE_NAME}\n",
    });
    expect(changedPaths((await h.plan(yaml)).plan)).toEqual([]);
  });
});
