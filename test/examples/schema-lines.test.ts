/**
 * Every example manifest tells YAML editors its schema on its first line, as the manifests export and
 * import write do: the editor variant in schemas/editor/, which accepts `${env:…}` references.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../cli/run-cli.js";

const EXAMPLES = path.join(ROOT, "examples");
const LINE = /^# yaml-language-server: \$schema=(\S+)$/;

/** Manifests under examples/ (the CI recipes under examples/ci are pipelines, not manifests). */
const manifests = readdirSync(EXAMPLES, { recursive: true, encoding: "utf8" })
  .filter((f) => /\.ya?ml$/.test(f) && !f.startsWith(`ci${path.sep}`))
  .map((f) => path.join(EXAMPLES, f));

describe("example manifests", () => {
  it("are found", () => {
    expect(manifests.length).toBeGreaterThanOrEqual(5);
  });

  it.each(manifests.map((f) => [path.relative(ROOT, f), f]))(
    "%s starts with a yaml-language-server line naming the editor schema, which exists",
    (_name, file) => {
      const first = readFileSync(file, "utf8").split("\n")[0]!;
      const schema = LINE.exec(first)?.[1];
      expect(first).toMatch(LINE);
      const target = path.resolve(path.dirname(file), schema!);
      expect(target).toBe(path.join(ROOT, "schemas", "editor", "manifest.schema.json"));
      expect(existsSync(target)).toBe(true);
    },
  );
});
