import { readFileSync } from "node:fs";
import path from "node:path";
import { Document } from "yaml";
import { type ImportedManifests, importKibanaYml, kibanaFacts } from "../../src/import/index.js";
import type { SimulatorOptions } from "../../src/sim/index.js";
import { ROOT } from "../cli/run-cli.js";
import { type EngineHarness, engineHarness } from "../engine/harness.js";

export const fixture = (name: string) => path.join(ROOT, "test/fixtures/kibana-yml", name);
export const fixtureText = (name: string) => readFileSync(fixture(name), "utf8");

/** A simulator set up by the kibana.yml text, and the import of that text against it. */
export async function importedFrom(
  text: string,
  file = "kibana.yml",
  sim: Partial<SimulatorOptions> = {},
  env: Record<string, string> = {},
): Promise<{ h: EngineHarness; result: ImportedManifests; yaml: string }> {
  const h = await engineHarness({ preconfiguration: { text, file, env }, ...sim });
  const result = await importKibanaYml(text, file, kibanaFacts(h.client));
  const yaml = result.sections
    .map(({ kind, objects }) => new Document({ [kind]: objects }).toString({ lineWidth: 0 }))
    .join("");
  return { h, result, yaml };
}

export const section = (result: ImportedManifests, kind: string) =>
  result.sections.find((s) => s.kind === kind)?.objects ?? [];

export const warningLines = (result: ImportedManifests) =>
  result.warnings.map((w) => `${w.location?.file}:${w.location?.line}:${w.location?.column}: ${w.message}`);
