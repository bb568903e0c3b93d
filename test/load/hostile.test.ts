// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${env:NAME} and ${file:path} are manifest placeholders, not template literals
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { MAX_DEPTH, MAX_FILE_BYTES } from "../../src/load/index.js";
import { load, loadOne, where, writeTree } from "./helpers.js";

describe("malformed and hostile manifests", () => {
  test("malformed YAML is reported at its line and column", async () => {
    const loaded = await loadOne("proxies:\n  - id: p\n    name: a: b\n");
    expect(where(loaded.errors)).toEqual([
      "m.yaml:3:11 invalid YAML: Nested mappings are not allowed in compact mappings",
    ]);
    expect(loaded.objects).toEqual([]);
  });

  test("an unclosed quote is reported where the quoted value starts, not at the end of the file", async () => {
    const loaded = await loadOne(
      'proxies:\n  - id: p # a "comment"\n    name: "unterminated\n    url: http://p:3128\nagent_policies: []\n',
    );
    expect(where(loaded.errors)).toEqual(['m.yaml:3:11 invalid YAML: Missing closing "quote']);
  });

  test("a key repeated in one mapping is a YAML error", async () => {
    const loaded = await loadOne("proxies:\n  - id: p\n    id: q\n");
    expect(where(loaded.errors)).toEqual(["m.yaml:3:5 invalid YAML: Map keys must be unique"]);
  });

  test("an alias bomb is refused through yaml's maxAliasCount", async () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (const [prev, name] of [
      ["a", "b"],
      ["b", "c"],
      ["c", "d"],
      ["d", "e"],
      ["e", "f"],
    ]) {
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    const loaded = await loadOne(`${levels.join("\n")}\n`);
    expect(where(loaded.errors)).toEqual([
      "m.yaml:1:1 YAML aliases expand too much (Excessive alias count indicates a resource exhaustion attack)",
    ]);
  });

  test("a file over the size limit is refused without being parsed", async () => {
    const root = await writeTree({});
    await writeFile(join(root, "huge.yaml"), `# ${"x".repeat(MAX_FILE_BYTES)}\n`);
    const loaded = await load(root, ["huge.yaml"]);
    expect(where(loaded.errors)).toEqual([
      `huge.yaml:1:1 file is ${MAX_FILE_BYTES + 3} bytes, over the ${MAX_FILE_BYTES}-byte (10 MiB) limit for a manifest`,
    ]);
  });

  test("nesting deeper than the limit is refused at the node that crosses it", async () => {
    let yaml = "fleet_settings:\n";
    for (let depth = 1; depth <= MAX_DEPTH + 5; depth++) yaml += `${"  ".repeat(depth)}k${depth}:\n`;
    yaml += `${"  ".repeat(MAX_DEPTH + 6)}leaf: 1\n`;
    const loaded = await loadOne(yaml);
    // The root mapping is level 1, so the mapping below key k(MAX_DEPTH-1) is level MAX_DEPTH + 1.
    expect(where(loaded.errors)).toEqual([
      `m.yaml:${MAX_DEPTH + 1}:${2 * MAX_DEPTH + 1} document nests deeper than 64 levels`,
    ]);
    expect(loaded.objects).toEqual([]);
  });

  test.each(["__proto__", "constructor", "prototype"])("a %s key is refused", async (key) => {
    const loaded = await loadOne(`proxies:\n  - id: p\n    ${key}:\n      polluted: true\n`);
    expect(where(loaded.errors)).toEqual([`m.yaml:3:5 key "${key}" is not allowed`]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(loaded.objects).toEqual([]);
  });

  test("non-string keys are refused with a hint to quote them", async () => {
    const loaded = await loadOne("proxies:\n  - id: p\n    1: one\n    ? [a, b]\n    : two\n");
    expect(where(loaded.errors)).toEqual([
      "m.yaml:3:5 mapping key 1 is not a string",
      "m.yaml:4:7 mapping key a sequence is not a string",
    ]);
    expect(loaded.errors[0]!.hint).toBe('quote it ("1") if you mean text');
  });

  test("errors of all files are reported in one run, and good files still load", async () => {
    const root = await writeTree({
      "a.yaml": "proxies:\n  - id: p\n    name: 'oops\n",
      "b.yaml": "outptus: []\n",
      "c.yaml": "proxies:\n  - id: ok\n    name: fine\n    url: ${env:MISSING_URL}\n",
      "d.yaml": "proxies:\n  - id: good\n    name: good\n    url: http://good\n",
    });
    const loaded = await load(root, ["."]);
    expect(loaded.errors.map((e) => e.location?.file)).toEqual(["a.yaml", "b.yaml", "c.yaml"]);
    expect(where(loaded.errors).slice(1)).toEqual([
      'b.yaml:1:1 unknown section "outptus"; did you mean "outputs"?',
      "c.yaml:4:10 environment variable MISSING_URL is not set (${env:MISSING_URL})",
    ]);
    expect(loaded.objects.map((o) => o.id)).toEqual(["ok", "good"]);
  });
});
