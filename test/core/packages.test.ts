/**
 * The package model in memory: what a manifest's simplified inputs and vars may say for a package
 * version (checked at plan time, every problem at once), and export's smallest body, which must
 * expand back to the policy it describes. Packages are the simulator catalog's copies of real ones.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Body } from "../../src/kinds/types.js";
import { packageInstallRequest } from "../../src/packages/install.js";
import { expandSimplified, toSimplified, varDefinitions } from "../../src/packages/simplified.js";
import type { PackageInfo, PackageVarDef } from "../../src/packages/types.js";
import { minimalSimplified } from "../../src/packages/versions.js";
import { nginx_1_5_0 } from "../../src/sim/catalog/nginx-1.5.0.js";
import { nginx_3_2_2 } from "../../src/sim/catalog/nginx-3.2.2.js";
import { okta_2_12_0 } from "../../src/sim/catalog/okta-2.12.0.js";
import { system_1_60_0 } from "../../src/sim/catalog/system-1.60.0.js";
import { tcp_1_19_1 } from "../../src/sim/catalog/tcp-1.19.1.js";
import { liveState, manifestFromYaml, planInMemory } from "./helpers.js";

const AGENT_POLICY = { id: "web", name: "Web servers", namespace: "default" };

/** The plan's problems for one integration policy attached to an agent policy Kibana has. */
async function problemsOf(policy: Body) {
  const manifest = await manifestFromYaml(stringify({ integration_policies: [policy] }));
  const live = liveState({ agent_policies: [AGENT_POLICY] });
  return planInMemory(manifest, live, { packages: [nginx_1_5_0, okta_2_12_0] }).problems;
}

const nginx = (inputs: Body) => ({
  id: "nginx-web",
  name: "nginx-web",
  policy_ids: ["web"],
  package: { name: "nginx", version: "1.5.0" },
  inputs,
});

describe("what a manifest may say for a package version", () => {
  it("rejects an unknown input, stream or var and lists what the package offers", async () => {
    const problems = await problemsOf(
      nginx({
        "nginx-logfiles": {},
        "nginx-logfile": { streams: { "nginx.acces": {}, "nginx.error": { vars: { tag: ["x"] } } } },
      }),
    );
    expect(problems.map((p) => `${p.location?.line}:${p.location?.column} ${p.message} | ${p.hint}`)).toEqual(
      [
        '10:7 nginx 1.5.0 has no input "nginx-logfiles" | did you mean "nginx-logfile"? it offers: nginx-logfile, nginx-httpjson, nginx-nginx/metrics',
        '13:11 nginx 1.5.0 has no stream "nginx.acces" on input nginx-logfile | did you mean "nginx.access"? it offers: nginx.access, nginx.error',
        expect.stringMatching(
          /^16:15 nginx 1\.5\.0 has no var "tag" on stream nginx\.error \| did you mean "tags"\? it offers: paths, tags, preserve_original_event/,
        ),
      ],
    );
  });

  it("rejects a var value of the wrong type", async () => {
    const problems = await problemsOf(
      nginx({
        "nginx-logfile": { streams: { "nginx.access": { vars: { preserve_original_event: "yes" } } } },
      }),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'var "preserve_original_event" on stream nginx.access expects true or false',
    ]);
  });

  it("rejects a policy that leaves a required var without a default unset", async () => {
    const okta = {
      id: "okta",
      name: "okta",
      policy_ids: ["web"],
      package: { name: "okta", version: "2.12.0" },
    };
    expect((await problemsOf(okta)).map((p) => p.message)).toEqual([
      'var "url" on input okta-httpjson is required by okta 2.12.0 and has no default',
    ]);
  });

  it("reports a missing required var in the same run as wrong names", async () => {
    const okta = {
      id: "okta",
      name: "okta",
      policy_ids: ["web"],
      package: { name: "okta", version: "2.12.0" },
      inputs: { "okta-httpjson": { vars: { api_keyy: "x" } } },
    };
    expect((await problemsOf(okta)).map((p) => p.message)).toEqual([
      'okta 2.12.0 has no var "api_keyy" on input okta-httpjson',
      'var "url" on input okta-httpjson is required by okta 2.12.0 and has no default',
    ]);
  });
});

/** A value of a var's type (the package's select options, lists for multi vars). */
function varValue(def: PackageVarDef): fc.Arbitrary<unknown> {
  const scalar: fc.Arbitrary<unknown> =
    def.type === "bool"
      ? fc.boolean()
      : def.type === "integer"
        ? fc.nat(100)
        : def.type === "select" && def.options?.length
          ? fc.constantFrom(...def.options.map((o) => o.value))
          : def.type === "yaml"
            ? fc.constantFrom("", "a: 1", "- b\n- c\n")
            : fc.constantFrom("x", "/var/log/y.log", "");
  return def.multi ? fc.array(scalar, { maxLength: 2 }) : scalar;
}

/** A simplified body for `pkg`: random vars set, random inputs and streams turned on or off. */
function simplifiedBody(pkg: PackageInfo): fc.Arbitrary<Body> {
  const defs = varDefinitions(pkg);
  const toggles = defs
    .map(({ path }) => path.slice(0, path.indexOf("vars")))
    .filter((at) => at.length > 0)
    .flatMap((at) => (at.length === 4 ? [at.slice(0, 2), at] : [at]));
  const unique = [...new Map(toggles.map((at) => [at.join("/"), at])).values()];
  return fc
    .tuple(
      fc
        .subarray(defs)
        .chain((chosen) =>
          fc.tuple(...chosen.map(({ path, def }) => varValue(def).map((v) => [path, v] as const))),
        ),
      fc
        .subarray(unique)
        .chain((chosen) =>
          fc.tuple(...chosen.map((at) => fc.boolean().map((on) => [[...at, "enabled"], on] as const))),
        ),
    )
    .map(([vars, enabled]) => {
      const body: Body = {};
      for (const [path, value] of [...enabled, ...vars]) {
        let node = body;
        for (const key of path.slice(0, -1)) node = node[key] ??= {};
        node[path.at(-1)!] = value;
      }
      return body;
    });
}

describe("export's smallest body for an integration policy", () => {
  it.each(
    [nginx_1_5_0, nginx_3_2_2, system_1_60_0, tcp_1_19_1, okta_2_12_0].map(
      (p) => [`${p.name} ${p.version}`, p] as const,
    ),
  )("expands back to the policy it describes (%s)", (_name, pkg) => {
    fc.assert(
      fc.property(simplifiedBody(pkg), (body) => {
        const live = toSimplified(pkg, expandSimplified(pkg, body));
        const smallest = minimalSimplified(pkg, live);
        expect(toSimplified(pkg, expandSimplified(pkg, smallest))).toEqual(live);
      }),
      { numRuns: 40 },
    );
  });
});

describe("the install request of a package version", () => {
  it("forces a prerelease older than the release Kibana's registry has", () => {
    const latest = { latestVersion: "1.0.0" } as unknown as PackageInfo;
    expect(packageInstallRequest("tcp", "1.0.0-beta", latest).body).toEqual({ force: true });
  });

  it("does not force a release newer than the prerelease Kibana's registry has", () => {
    const latest = { latestVersion: "1.0.0-beta.2" } as unknown as PackageInfo;
    expect(packageInstallRequest("tcp", "1.0.0", latest).body).toEqual({});
    expect(packageInstallRequest("tcp", "1.0.0-beta.10", latest).body).toEqual({});
  });
});
