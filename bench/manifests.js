// The benchmark's manifests: the mix the issue measured (about 80% nginx integration policies, 19% agent
// policies, a few outputs and proxies), one file per section, and the same set with 1% of it changed.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";

/** How many objects of each kind make `total`. */
export function mix(total) {
  const proxies = Math.max(1, Math.round(total * 0.002));
  const outputs = Math.max(1, Math.round(total * 0.005));
  const policies = Math.max(1, Math.round(total * 0.19));
  const integrations = Math.max(0, total - proxies - outputs - policies);
  return { proxies, outputs, policies, integrations };
}

/** The manifest sections for `total` objects; with `changed`, every 100th object of each kind differs. */
export function manifest(total, changed = false) {
  const n = mix(total);
  const touched = (i) => changed && i % 100 === 0;
  return {
    proxies: Array.from({ length: n.proxies }, (_, i) => ({
      id: `proxy-${i}`,
      name: `Proxy ${i}`,
      url: `http://proxy-${i}.example.com:${touched(i) ? 3129 : 3128}`,
    })),
    outputs: Array.from({ length: n.outputs }, (_, i) => ({
      id: `out-${i}`,
      name: `Output ${i}`,
      type: "elasticsearch",
      hosts: [`https://es-${i}.example.com:${touched(i) ? 9201 : 9200}`],
      proxy_id: `proxy-${i % n.proxies}`,
    })),
    agent_policies: Array.from({ length: n.policies }, (_, i) => ({
      id: `policy-${i}`,
      name: `Policy ${i}`,
      namespace: "bench",
      ...(touched(i) ? { description: "changed by the benchmark" } : {}),
      data_output_id: `out-${i % n.outputs}`,
    })),
    integration_policies: Array.from({ length: n.integrations }, (_, i) => ({
      id: `nginx-${i}`,
      name: `nginx-${i}`,
      policy_ids: [`policy-${i % n.policies}`],
      package: { name: "nginx", version: "1.5.0" },
      inputs: {
        "nginx-logfile": {
          streams: { "nginx.access": { vars: { tags: [`team-${(i % 7) + (touched(i) ? 1 : 0)}`] } } },
        },
      },
    })),
  };
}

/** Writes the manifest for `total` objects under `dir`, one file per section; returns the directory. */
export async function writeManifest(dir, total, changed = false) {
  await mkdir(dir, { recursive: true });
  for (const [section, objects] of Object.entries(manifest(total, changed))) {
    await writeFile(path.join(dir, `${section}.yaml`), stringify({ [section]: objects }));
  }
  return dir;
}

/** Objects whose manifest differs between `manifest(total)` and `manifest(total, true)`. */
export function changedCount(total) {
  return Object.values(mix(total)).reduce((sum, count) => sum + Math.ceil(count / 100), 0);
}
