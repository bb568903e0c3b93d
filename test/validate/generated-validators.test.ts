import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { KIND_NAMES } from "../../src/kinds/shapes.js";
import { schemaAjv } from "../../src/validate/schemas.js";

// dist/ is built by vitest's globalSetup (npm run build: tsc, then scripts/build-cli.mjs).
const require = createRequire(import.meta.url);
const generated = (name: string) => require(`../../dist/validate/validators/${name}.cjs`)[name];

/** Bodies that pass and bodies that break most keywords: each kind sees all of them. */
const BODIES: Record<string, unknown>[] = [
  ...Object.values(
    parse(readFileSync(new URL("../../examples/quickstart/fleet.yaml", import.meta.url), "utf8")) ?? {},
  ).flatMap((v) => (Array.isArray(v) ? v : [v])),
  { id: "out-1", name: "o", type: "elasticsaerch", hosts: ["h"] },
  { id: "out-2", name: "o2", type: "kafka", hosts: 5, bogus: 1 },
  { id: "p/1", name: 3, namespace: "Bad-NS", unknownfield: "x" },
  { id: "i1", policy_ids: "p1", package: { name: "nginx" } },
  { name: "x", url: 12, certificate_authorities: [1] },
  { owner: "nobody", connector: null },
];

describe("the validation code generated at build time", () => {
  test("reports what compiling schemas/ at run time reports, error for error", () => {
    const compiled = schemaAjv();
    for (const name of [...KIND_NAMES, "manifest"]) {
      const atRunTime = compiled.getSchema(`${name}.schema.json`)!;
      const atBuild = generated(name);
      for (const body of BODIES) {
        const bodies = name === "manifest" ? [{ [KIND_NAMES[0]]: [body] }, body] : [body];
        for (const b of bodies) {
          expect(atBuild(b)).toBe(atRunTime(b));
          expect(atBuild.errors ?? null).toEqual(atRunTime.errors ?? null);
        }
      }
    }
  });
});
