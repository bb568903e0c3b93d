/**
 * Real packages for tests: the corpus in ../shared/packages (read in place, never copied into the
 * project), registry archives made from it, a small Elastic Package Registry serving it, and a small
 * input package (the corpus predates input packages).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { crc32, deflateRawSync } from "node:zlib";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CORPUS = process.env.FLEETFORM_PACKAGES ?? path.resolve(ROOT, "../shared/packages");

/** Every `NAME/VERSION` of the corpus. */
export function corpusVersions(dir = CORPUS): { name: string; version: string }[] {
  return readdirSync(dir)
    .filter((name) => statSync(path.join(dir, name)).isDirectory())
    .flatMap((name) => readdirSync(path.join(dir, name)).map((version) => ({ name, version })));
}

function filesOf(dir: string, prefix: string): [string, Buffer][] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      return statSync(full).isDirectory()
        ? filesOf(full, `${prefix}/${entry}`)
        : [[`${prefix}/${entry}`, readFileSync(full)] as [string, Buffer]];
    });
}

/** A zip archive of `dir` under the top-level directory `top`, deflated like the registry's. */
export function zipDirectory(dir: string, top: string): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of filesOf(dir, top)) {
    const nameBytes = Buffer.from(name, "utf8");
    const packed = deflateRawSync(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export interface TestRegistry {
  url: string;
  /** Paths requested so far. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * An Elastic Package Registry over `NAME/VERSION/` trees, on 127.0.0.1: `/search?package=&all=true`,
 * `/package/NAME/VERSION/` (with its `download` path) and `/epr/NAME/NAME-VERSION.zip`.
 */
export async function startRegistry(dir = CORPUS): Promise<TestRegistry> {
  const requests: string[] = [];
  const versions = corpusVersions(dir);
  const known = (name: string, version: string) =>
    versions.some((v) => v.name === name && v.version === version);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://registry");
    requests.push(`${url.pathname}${url.search}`);
    const json = (body: unknown) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === "/search") {
      const name = url.searchParams.get("package");
      return json(
        versions
          .filter((v) => !name || v.name === name)
          .map((v) => ({ ...v, download: `/epr/${v.name}/${v.name}-${v.version}.zip` })),
      );
    }
    const info = /^\/package\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
    if (info && known(info[1]!, info[2]!)) {
      const [, name, version] = info;
      return json({ name, version, download: `/epr/${name}/${name}-${version}.zip` });
    }
    const archive = /^\/epr\/([^/]+)\/\1-(.+)\.zip$/.exec(url.pathname);
    if (archive && known(archive[1]!, archive[2]!)) {
      const [, name, version] = archive;
      res.writeHead(200, { "content-type": "application/zip" });
      return res.end(zipDirectory(path.join(dir, name!, version!), `${name}-${version}`));
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ status: 404, message: "not found" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A small input package (`type: input`), as elastic/integrations' `sql_input` and `log` 2.x are
 * written: one policy template carrying its input, data stream type, agent template and vars.
 */
export function writeInputPackage(dir: string, version = "1.0.0"): string {
  const root = path.join(dir, "custom_input", version);
  mkdirSync(path.join(root, "agent", "input"), { recursive: true });
  writeFileSync(
    path.join(root, "agent", "input", "input.yml.hbs"),
    "paths:\n{{#each paths}}\n  - {{this}}\n{{/each}}\n",
  );
  writeFileSync(
    path.join(root, "manifest.yml"),
    [
      "format_version: 3.0.0",
      "name: custom_input",
      "title: Custom input",
      `version: ${version}`,
      "description: Collect lines from files.",
      "type: input",
      "owner:",
      "  github: elastic/integrations",
      "  type: elastic",
      "policy_templates:",
      "  - name: lines",
      "    type: logs",
      "    title: Lines",
      "    description: Collect lines from files.",
      "    input: logfile",
      "    template_path: input.yml.hbs",
      "    vars:",
      "      - name: paths",
      "        type: text",
      "        title: Paths",
      "        multi: true",
      "        required: true",
      "        show_user: true",
      "        default:",
      "          - /var/log/*.log",
      "      - name: tags",
      "        type: text",
      "        title: Tags",
      "        multi: true",
      "      - name: api_token",
      "        type: password",
      "        title: API token",
      "        secret: true",
      "",
    ].join("\n"),
  );
  return dir;
}
