/**
 * Interpolated values land in fields Kibana shows in clear (a proxy's Authorization header, a PEM
 * certificate, an output's config_yaml). No piece of them — no run of 4 characters or more — may
 * appear in any rendering of a plan, a saved plan, apply's output or drift, before or after the
 * value is rotated, whatever their length (3 to 300 characters): masking happens on the plan's
 * model, by where a value came from, before any formatting or cutting.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { type CliResult, runCli } from "../cli/run-cli.js";

/**
 * Random text in letters no output of fleetform's has (Cyrillic), so that any 4-character run of it
 * found in an output is a leak, never a coincidence.
 */
const RARE = "БГДЖЗИЙЛПФЦЧШЩЫЭЮЯ";
const random = (length: number) => [...randomBytes(length)].map((b) => RARE[b % RARE.length]).join("");
const pem = (body: string) =>
  `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----`;

const MANIFEST = `
proxies:
  - id: corp-proxy
    name: Corporate proxy
    url: https://proxy.example.com:3128
    proxy_headers:
      Authorization: "Bearer \${env:PROXY_TOKEN}"
      X-Key-3: "\${env:KEY_3}"
      X-Key-4: "\${env:KEY_4}"
      X-Key-9: "\${env:KEY_9}"
    certificate: "\${file:proxy.pem}"
outputs:
  - id: es-tuned
    name: Tuned Elasticsearch
    type: elasticsearch
    hosts: [https://es.example.com:9200]
    proxy_id: corp-proxy
    config_yaml: |
      ssl.verification_mode: full
      headers.X-Api-Token: "\${env:ES_HEADER_TOKEN}"
`;

function values(): { env: Record<string, string>; pem: string } {
  return {
    // Longer than any cut a renderer ever made (117 characters).
    env: {
      PROXY_TOKEN: random(300),
      ES_HEADER_TOKEN: random(40),
      KEY_3: random(3),
      KEY_4: random(4),
      KEY_9: random(9),
    },
    pem: pem(random(600)),
  };
}

/** Every run of 4 characters of the secret's random parts. */
function pieces(secret: string): string[] {
  const out = new Set<string>();
  for (const line of secret.split("\n").filter((l) => !l.startsWith("-----")))
    for (let i = 0; i + 4 <= line.length; i++) out.add(line.slice(i, i + 4));
  return [...out];
}

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe("interpolated values in fields Kibana shows", () => {
  it("leave no piece of 4 characters of secrets of 3 to 300 characters in text, Markdown, JSON, saved plans, apply and drift, before and after rotation", async () => {
    sim = await startSimulator({ port: 0, apiKey: "pieces-key" });
    const dir = await mkdtemp(path.join(tmpdir(), "fleetform-pieces-"));
    await writeFile(path.join(dir, "fleet.yaml"), MANIFEST);
    const outputs: [string, string][] = [];
    const secrets: string[] = [];
    let current = values();
    const use = async (v: ReturnType<typeof values>) => {
      current = v;
      secrets.push(...Object.values(v.env), v.pem);
      await writeFile(path.join(dir, "proxy.pem"), `${v.pem}\n`);
    };
    const run = async (args: string[], expected: number): Promise<CliResult> => {
      const result = await runCli(args, {
        env: { KIBANA_URL: sim!.url, KIBANA_API_KEY: "pieces-key", ...current.env },
        cwd: dir,
      });
      expect(result.code, `${args.join(" ")}\n${result.stderr}`).toBe(expected);
      outputs.push(
        [`stdout of ${args.join(" ")}`, result.stdout],
        [`stderr of ${args.join(" ")}`, result.stderr],
      );
      return result;
    };

    // Runs that change nothing go in parallel, to keep the test short.
    await use(values());
    await Promise.all([
      run(["plan", "."], 0),
      run(["plan", ".", "--markdown"], 0),
      run(["plan", ".", "--json"], 0),
      run(["plan", ".", "--out", "first.plan"], 0),
    ]);
    await run(["apply", "--plan", "first.plan"], 0);
    await run(["drift", "."], 0);
    // Rotated: Kibana holds the old values in clear, the manifest resolves to new ones.
    await use(values());
    const [rotated] = await Promise.all([
      run(["plan", "."], 0),
      run(["plan", ".", "--markdown"], 0),
      run(["plan", ".", "--json"], 0),
      run(["plan", ".", "--out", "rotated.plan"], 0),
      run(["drift", "."], 2),
      run(["drift", ".", "--markdown"], 2),
      run(["drift", ".", "--json"], 2),
    ]);
    expect(rotated.stdout).toMatch(/proxy_headers.Authorization: "?\(sensitive\)"? → "?\(sensitive\)/);
    await run(["apply", ".", "--auto-approve", "--json"], 0);
    await run(["apply", ".", "--auto-approve"], 0);
    for (const file of ["first.plan", "rotated.plan"])
      outputs.push([file, await readFile(path.join(dir, file), "utf8")]);

    const leaks = outputs.flatMap(([where, text]) =>
      secrets.flatMap((secret) =>
        pieces(secret)
          .filter((piece) => text.includes(piece))
          .map((piece) => `${where}: "${piece}"`),
      ),
    );
    expect(leaks).toEqual([]);
  }, 120_000);
});
