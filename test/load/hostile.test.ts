// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${env:NAME} and ${file:path} are manifest placeholders, not template literals
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { MAX_DEPTH, MAX_EXPANDED_SIZE, MAX_FILE_BYTES } from "../../src/load/index.js";
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

  test("nesting too deep for the YAML reader is a located error, not a stack overflow", async () => {
    const loaded = await loadOne(`proxies: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`);
    expect(loaded.errors).toHaveLength(1);
    expect(loaded.errors[0]!.message).toBe(
      "document nests too deeply to be read (fleetform allows 64 levels)",
    );
    expect(loaded.errors[0]!.location).toMatchObject({ file: "m.yaml", line: 1 });
  });

  test("aliases that expand a document beyond the size limit are refused at the alias that crosses it", async () => {
    // 90 anchors of 100 000 characters, each aliased 50 times: a 9 MB file that expands to 450 MB.
    const anchors = Array.from({ length: 90 }, (_, i) => `    k${i}: &a${i} "${"x".repeat(100_000)}"`);
    const aliases = Array.from(
      { length: 90 },
      (_, i) => `    r${i}: [${Array(50).fill(`*a${i}`).join(", ")}]`,
    );
    const loaded = await loadOne(
      `fleet_settings:\n  x:\n${anchors.join("\n")}\n  y:\n${aliases.join("\n")}\n`,
    );
    expect(where(loaded.errors)).toEqual([
      `m.yaml:94:80 YAML aliases expand this document beyond ${MAX_EXPANDED_SIZE} characters`,
    ]);
    expect(loaded.objects).toEqual([]);
  });

  test("an alias inside the node it names is refused instead of becoming a circular object", async () => {
    const loaded = await loadOne("fleet_settings:\n  a: &a\n    b: *a\n");
    expect(where(loaded.errors)).toEqual(["m.yaml:3:8 alias *a is inside the node it refers to (a cycle)"]);
  });

  test("aliases that nest the expanded document deeper than the limit are refused", async () => {
    let yaml = "fleet_settings:\n  a: &a ";
    yaml += `${"[".repeat(40)}1${"]".repeat(40)}\n  b: ${"[".repeat(30)}*a${"]".repeat(30)}\n`;
    const loaded = await loadOne(yaml);
    expect(where(loaded.errors)).toEqual([
      `m.yaml:3:36 alias *a makes the document nest deeper than ${MAX_DEPTH} levels`,
    ]);
  });

  test("a file that is not valid UTF-8 is refused at its first invalid byte", async () => {
    const root = await writeTree({});
    const bytes = Buffer.concat([
      Buffer.from("proxies:\n  - id: p\n    name: caf\u00e9 "),
      Buffer.from([0xff]),
      Buffer.from("\n    url: http://p\n"),
    ]);
    await writeFile(join(root, "latin.yaml"), bytes);
    const loaded = await load(root, ["latin.yaml"]);
    expect(where(loaded.errors)).toEqual([
      "latin.yaml:3:16 file is not valid UTF-8: invalid byte 0xff (byte 35 of the file)",
    ]);
    expect(loaded.objects).toEqual([]);
  });

  test("a ${file:} that is not valid UTF-8 is refused at its placeholder", async () => {
    const root = await writeTree({
      "m.yaml": "outputs:\n  - id: es\n    ssl:\n      certificate: ${file:es.der}\n",
    });
    await writeFile(join(root, "es.der"), Buffer.from([0x30, 0x82, 0x01, 0x0a]));
    const loaded = await load(root, ["m.yaml"]);
    expect(where(loaded.errors)).toEqual([
      "m.yaml:4:20 ${file:es.der} is not UTF-8 text: invalid byte at 1:2 (byte 1)",
    ]);
  });

  test("a placeholder in a mapping key is refused instead of being sent as written", async () => {
    const loaded = await loadOne(
      "proxies:\n  - id: p\n    name: p\n    url: http://p\n    proxy_headers:\n      ${env:HEADER}: x\n",
      { HEADER: "X-Token" },
    );
    expect(where(loaded.errors)).toEqual([
      'm.yaml:6:7 mapping key "${env:HEADER}" holds an interpolation placeholder: keys are never interpolated',
    ]);
  });

  test("$${ in a mapping key is a literal ${, as in values, and Agent's own ${…} is text", async () => {
    const loaded = await loadOne(
      "proxies:\n  - id: p\n    name: p\n    url: http://p\n    proxy_headers:\n      X-$${a}: $${b}\n      X-${host.name}: y\n",
    );
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects[0]!.body.proxy_headers).toEqual({ "X-${a}": "${b}", "X-${host.name}": "y" });
  });
});
