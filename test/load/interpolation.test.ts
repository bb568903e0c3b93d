// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${env:NAME} and ${file:path} are manifest placeholders, not template literals
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadManifests } from "../../src/load/index.js";
import { load, loadOne, where, writeTree } from "./helpers.js";

const proxy = (url: string) => `proxies:\n  - id: p\n    name: n\n    url: "${url}"\n`;

describe("interpolation", () => {
  test("${env:NAME} is replaced anywhere in a string and the value becomes a secret", async () => {
    const loaded = await loadOne(proxy("http://${env:PROXY_HOST}:${env:PROXY_PORT}/x"), {
      PROXY_HOST: "proxy.corp",
      PROXY_PORT: "3128",
    });
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects[0]!.body.url).toBe("http://proxy.corp:3128/x");
    expect(loaded.secrets).toEqual(["proxy.corp", "3128"]);
  });

  test("${env:NAME} works in nested values and list items", async () => {
    const loaded = await loadOne(
      'outputs:\n  - id: es\n    hosts: ["${env:H}"]\n    secrets:\n      ssl:\n        key: ${env:KEY}\n',
      { H: "https://es:9200", KEY: "-----BEGIN KEY-----" },
    );
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects[0]!.body).toEqual({
      id: "es",
      hosts: ["https://es:9200"],
      secrets: { ssl: { key: "-----BEGIN KEY-----" } },
    });
    expect(loaded.secrets).toEqual(["https://es:9200", "-----BEGIN KEY-----"]);
  });

  test("a missing environment variable is an error at the value that names it", async () => {
    const loaded = await loadOne(
      "outputs:\n  - id: es\n    secrets:\n      ssl:\n        key: ${env:ES_KEY}\n",
    );
    expect(where(loaded.errors)).toEqual([
      "m.yaml:5:14 environment variable ES_KEY is not set (${env:ES_KEY})",
    ]);
    expect(loaded.errors[0]!.hint).toBe("export ES_KEY=... before running fleetform");
  });

  test("${file:path} reads a file relative to the manifest and trims one trailing newline", async () => {
    const root = await writeTree({
      "manifests/m.yaml": "outputs:\n  - id: es\n    ssl:\n      certificate: ${file:certs/es.pem}\n",
      "manifests/certs/es.pem": "-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n\n",
    });
    const loaded = await load(root, ["manifests"]);
    expect(loaded.errors).toEqual([]);
    const cert = "-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n";
    expect((loaded.objects[0]!.body.ssl as Record<string, unknown>).certificate).toBe(cert);
    expect(loaded.secrets).toEqual([cert]);
  });

  test("a missing ${file:} is an error at the value that names it", async () => {
    const loaded = await loadOne(proxy("${file:nope.txt}"));
    expect(loaded.errors).toHaveLength(1);
    expect(loaded.errors[0]!.message).toMatch(/^file "nope.txt" referenced by \$\{file:nope.txt\} not found/);
    expect(loaded.errors[0]!.location).toEqual({ file: "m.yaml", line: 4, column: 10 });
  });

  test("$${ escapes a literal ${ and is not a secret", async () => {
    const loaded = await loadOne(
      'agent_policies:\n  - id: a\n    name: "costs $${env:NOT_READ} and $$5"\n    namespace: ns\n',
    );
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects[0]!.body.name).toBe("costs ${env:NOT_READ} and $$5");
    expect(loaded.secrets).toEqual([]);
  });

  test("an unterminated ${ is an error", async () => {
    const loaded = await loadOne('proxies:\n  - id: p\n    name: "p"\n    url: "http://${env:H"\n', {
      H: "h",
    });
    expect(where(loaded.errors)).toEqual(['m.yaml:4:10 unterminated "${" in "http://${env:H"']);
  });

  test("Elastic Agent's own ${…} variables are literal text, not secrets, with no $${ needed", async () => {
    const loaded = await loadOne(
      [
        "integration_policies:",
        "  - id: k8s",
        "    vars:",
        '      container: "${kubernetes.container.id}"',
        '      node: "${env.NODE_NAME} on ${host.name}"',
        '      paths: ["/var/log/containers/*${kubernetes.container.id}.log"]',
        "",
      ].join("\n"),
    );
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects[0]!.body.vars).toEqual({
      container: "${kubernetes.container.id}",
      node: "${env.NODE_NAME} on ${host.name}",
      paths: ["/var/log/containers/*${kubernetes.container.id}.log"],
    });
    expect(loaded.secrets).toEqual([]);
    expect(loaded.objects[0]!.interpolated).toBeUndefined();
  });

  test("${file:} may reach a sibling directory that is still inside the working directory", async () => {
    const root = await writeTree({
      "manifests/m.yaml": proxy("${file:../shared/url.txt}"),
      "shared/url.txt": "http://shared:3128\n",
    });
    const loaded = await load(root, ["manifests/m.yaml"]);
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects[0]!.body.url).toBe("http://shared:3128");
  });

  test("${file:} that escapes the manifest directory and the working directory via .. is refused", async () => {
    const outside = await writeTree({ "secret.txt": "s3cret\n" });
    const root = await writeTree({ "m.yaml": proxy(`\${file:../${outside.split("/").pop()}/secret.txt}`) });
    const loaded = await load(root, ["m.yaml"]);
    expect(loaded.errors).toHaveLength(1);
    expect(loaded.errors[0]!.message).toMatch(/outside the manifest's directory and the working directory$/);
    expect(loaded.errors[0]!.location).toEqual({ file: "m.yaml", line: 4, column: 10 });
    expect(loaded.secrets).toEqual([]);
  });

  test("${file:} through a symlink that leads outside is refused", async () => {
    const outside = await writeTree({ id_rsa: "PRIVATE\n" });
    const root = await writeTree({ "m.yaml": proxy("${file:link/id_rsa}") });
    await symlink(outside, join(root, "link"));
    const loaded = await load(root, ["m.yaml"]);
    expect(loaded.errors).toHaveLength(1);
    expect(loaded.errors[0]!.message).toContain(`resolves to ${join(outside, "id_rsa")}`);
    expect(loaded.errors[0]!.message).toMatch(/outside the manifest's directory and the working directory$/);
    expect(loaded.secrets).toEqual([]);
  });

  test("${file:} naming a directory is refused", async () => {
    const root = await writeTree({ "m.yaml": proxy("${file:sub}") });
    await mkdir(join(root, "sub"));
    await writeFile(join(root, "sub", "x"), "x");
    const loaded = await load(root, ["m.yaml"]);
    expect(loaded.errors[0]!.message).toMatch(/^\$\{file:sub\} is not a regular file/);
  });

  test("${file:} gains nothing from a working directory that is the filesystem root", async () => {
    const root = await writeTree({
      "manifests/m.yaml": proxy("${file:../secret.txt}"),
      "secret.txt": "s3cret\n",
    });
    const loaded = await loadManifests([join(root, "manifests/m.yaml")], { cwd: "/", env: {} });
    expect(loaded.errors).toHaveLength(1);
    expect(loaded.errors[0]!.message).toMatch(/outside the manifest's directory and the working directory$/);
    expect(loaded.secrets).toEqual([]);
  });

  test("${file:} gains nothing from a working directory that does not hold the manifest", async () => {
    // `fleetform plan ../someone-elses-manifests` run from a checkout must not read the checkout's files.
    const root = await writeTree({
      "theirs/m.yaml": proxy("${file:../mine/.env}"),
      "mine/.env": "TOKEN=x\n",
    });
    const loaded = await loadManifests([join(root, "theirs/m.yaml")], { cwd: join(root, "mine"), env: {} });
    expect(loaded.errors).toHaveLength(1);
    expect(loaded.errors[0]!.message).toMatch(/outside the manifest's directory and the working directory$/);
  });
});
