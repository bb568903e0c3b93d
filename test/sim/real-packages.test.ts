/**
 * `fleetform sim --packages DIR`: package versions read from `NAME/VERSION/` trees or `NAME-VERSION.zip`
 * archives, their info built as Kibana builds it from an archive
 * (FLEET/server/services/epm/archive/parse.ts: parseAndVerifyArchive, parseAndVerifyDataStreams,
 * parseAndVerifyStreams, parseAndVerifyVars, parseAndVerifyPolicyTemplates, parseAndVerifyInputs).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runSim, simCommand } from "../../src/sim/cli.js";
import { CORPUS, writeInputPackage, zipDirectory } from "../support/packages.js";
import { call, type Harness, KibanaClient, startHarness } from "./helpers.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const info = async (harness: Harness, name: string, version: string) =>
  call(harness.api, "GET", `/api/fleet/epm/packages/${name}/${version}`);

/** A small integration package that leaves out what Kibana fills in. */
function writeBarePackage(dir: string, manifest: string[] = []): string {
  const root = path.join(dir, "bare", "0.3.0");
  mkdirSync(path.join(root, "data_stream", "events", "agent", "stream"), { recursive: true });
  writeFileSync(path.join(root, "data_stream", "events", "agent", "stream", "stream.yml.hbs"), "x: 1\n");
  writeFileSync(
    path.join(root, "manifest.yml"),
    [
      "format_version: 1.0.0",
      "name: bare",
      "title: Bare",
      "version: 0.3.0",
      "description: A package that leaves defaults out.",
      "type: integration",
      "owner:",
      "  github: elastic/integrations",
      "policy_templates:",
      "  - name: bare",
      "    title: Bare",
      "    description: Bare events.",
      "    inputs:",
      "      - type: logfile",
      "        title: Events",
      ...manifest,
      "",
    ].join("\n"),
  );
  writeFileSync(
    path.join(root, "data_stream", "events", "manifest.yml"),
    [
      "title: Events",
      "type: logs",
      "elasticsearch.index_template.settings:",
      "  index:",
      "    mapping.total_fields.limit: 5000",
      "streams:",
      "  - input: logfile",
      "    title: Events",
      "    not_a_registry_key: dropped",
      "    vars:",
      "      - name: paths",
      "        type: text",
      "        default: [/var/log/bare.log]",
      "        shown_to_nobody: dropped",
      "",
    ].join("\n"),
  );
  return dir;
}

describe("packages read from disk", () => {
  it("serves a real package version the built-in catalog does not have", async () => {
    h = await startHarness({ packages: [CORPUS] });
    const res = await info(h, "kubernetes", "1.27.0");
    expect(res.status).toBe(200);
    expect(res.body.item).toMatchObject({ name: "kubernetes", version: "1.27.0", type: "integration" });
    expect(res.body.item.data_streams.length).toBeGreaterThan(20);
  });

  it("keeps the built-in catalog beside the packages it reads", async () => {
    h = await startHarness({ packages: [CORPUS] });
    expect((await info(h, "okta", "2.12.0")).status).toBe(200);
    expect((await info(h, "okta", "1.10.3")).status).toBe(200);
  });

  it("fills in what Kibana fills in: release, multiple, template_path, dataset; drops unknown keys", async () => {
    h = await startHarness({ packages: [writeBarePackage(mkdtempSync(path.join(tmpdir(), "pkgs-")))] });
    const item = (await info(h, "bare", "0.3.0")).body.item;
    // Below 1.0.0 without `release`: beta (parseAndVerifyArchive).
    expect(item.release).toBe("beta");
    expect(item.policy_templates[0]).toMatchObject({
      multiple: true,
      inputs: [{ type: "logfile", vars: [] }],
    });
    const dataStream = item.data_streams[0];
    expect(dataStream).toMatchObject({
      dataset: "bare.events",
      path: "events",
      package: "bare",
      release: "ga",
    });
    // Dotted keys are expanded in the manifest and in each entry of index_template.settings.
    expect(dataStream.elasticsearch).toEqual({
      "index_template.settings": { index: { mapping: { total_fields: { limit: 5000 } } } },
    });
    expect(dataStream.streams[0]).toEqual({
      input: "logfile",
      title: "Events",
      template_path: "stream.yml.hbs",
      // Vars as the manifest writes them: no multi/required/show_user added.
      vars: [{ name: "paths", type: "text", default: ["/var/log/bare.log"] }],
    });
  });

  it("reads NAME-VERSION.zip archives as the registry serves them, the same as the tree", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "zips-"));
    writeFileSync(
      path.join(dir, "nginx-1.4.1.zip"),
      zipDirectory(path.join(CORPUS, "nginx", "1.4.1"), "nginx-1.4.1"),
    );
    h = await startHarness({ packages: [dir] });
    const fromZip = (await info(h, "nginx", "1.4.1")).body.item;
    await h.close();
    h = await startHarness({ packages: [CORPUS] });
    const fromTree = (await info(h, "nginx", "1.4.1")).body.item;
    expect(fromZip.data_streams.length).toBe(3);
    expect(fromZip).toEqual(fromTree);
  });

  it("refuses to start on a package Kibana would refuse, naming the file and what is missing", async () => {
    const dir = writeBarePackage(mkdtempSync(path.join(tmpdir(), "pkgs-")));
    writeFileSync(
      path.join(dir, "bare", "0.3.0", "manifest.yml"),
      "name: bare\nversion: 0.3.0\ntitle: Bare\ndescription: no owner\nformat_version: 1.0.0\n",
    );
    await expect(startHarness({ packages: [dir] })).rejects.toThrow(
      /bare[/\\]0\.3\.0: Invalid top-level package manifest .*one or more fields missing of name, version, description, title, format_version, owner/,
    );
  });
});

describe("fleetform sim --packages and --registry", () => {
  const quietly = async (args: string[]) => {
    let stderr = "";
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: any) => {
      stderr += String(chunk);
      return true;
    });
    try {
      return { code: await runSim(args), stderr };
    } finally {
      spy.mockRestore();
    }
  };

  it("documents --packages and --registry in --help", () => {
    const help = simCommand().helpInformation();
    expect(help).toContain("--packages <dir>");
    expect(help).toContain("--registry <url>");
  });

  it("serves the packages of every --packages directory", async () => {
    const inputs = writeInputPackage(mkdtempSync(path.join(tmpdir(), "input-pkg-")));
    let stdout = "";
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: any) => {
      stdout += String(chunk);
      return true;
    });
    let statuses: number[] = [];
    try {
      const run = runSim(["--port", "0", "--packages", CORPUS, "--packages", inputs]);
      for (let i = 0; i < 500 && !stdout.includes("listening"); i++)
        await new Promise((r) => setTimeout(r, 10));
      const url = /listening on (\S+)/.exec(stdout)![1];
      const api = new KibanaClient({ url: url!, apiKey: "fleetform-sim", maxAttempts: 1 });
      statuses = [
        (await call(api, "GET", "/api/fleet/epm/packages/kubernetes/1.27.0")).status,
        (await call(api, "GET", "/api/fleet/epm/packages/custom_input/1.0.0")).status,
      ];
      await api.close();
      process.emit("SIGINT");
      expect(await run).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(statuses).toEqual([200, 200]);
  });

  it("exits 1 naming a packages directory that does not exist", async () => {
    const { code, stderr } = await quietly(["--port", "0", "--packages", "/nonexistent/packages"]);
    expect(code).toBe(1);
    expect(stderr).toContain("cannot read packages directory /nonexistent/packages: ENOENT");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 1 for a registry that is not an http(s) URL", async () => {
    const { code, stderr } = await quietly(["--port", "0", "--registry", "epr.elastic.co"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/--registry.*must be an http\(s\) URL/);
  });
});
