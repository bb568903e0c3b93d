import { describe, expect, it } from "vitest";
import type { PackageInfo, PackageStreamDef, PackageVarDef } from "../../src/packages/types.js";
import { catalog } from "../../src/sim/catalog/index.js";

function pkg(name: string, version: string): PackageInfo {
  const found = catalog.find((p) => p.name === name && p.version === version);
  if (!found) throw new Error(`${name}@${version} is not in the catalog`);
  return found;
}

function inputTypes(p: PackageInfo): string[] {
  return (p.policy_templates ?? []).flatMap((t) => (t.inputs ?? []).map((i) => i.type));
}

function inputVar(p: PackageInfo, input: string, name: string): PackageVarDef | undefined {
  const inp = (p.policy_templates ?? []).flatMap((t) => t.inputs ?? []).find((i) => i.type === input);
  return inp?.vars?.find((x) => x.name === name);
}

function stream(p: PackageInfo, dataset: string, input: string): PackageStreamDef {
  const s = p.data_streams?.find((d) => d.dataset === dataset)?.streams?.find((x) => x.input === input);
  if (!s) throw new Error(`no ${dataset} stream on ${input} in ${p.name}@${p.version}`);
  return s;
}

const streamVar = (p: PackageInfo, dataset: string, input: string, name: string) =>
  stream(p, dataset, input).vars?.find((x) => x.name === name);

describe("simulator EPM catalog", () => {
  it("lists every package version once", () => {
    const keys = catalog.map((p) => `${p.name}@${p.version}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("offers nginx 1.5.0, a later nginx, system 1.60.0, fleet_server, elastic_agent and okta 2.x", () => {
    const names = catalog.map((p) => `${p.name}@${p.version}`);
    expect(names).toContain("nginx@1.5.0");
    expect(names).toContain("system@1.60.0");
    expect(catalog.some((p) => p.name === "nginx" && Number(p.version.split(".")[0]) >= 2)).toBe(true);
    expect(catalog.some((p) => p.name === "fleet_server")).toBe(true);
    expect(catalog.some((p) => p.name === "elastic_agent")).toBe(true);
    expect(catalog.some((p) => p.name === "okta" && p.version.startsWith("2."))).toBe(true);
  });

  it("names, for every stream, an input type some policy template of its package offers", () => {
    for (const p of catalog) {
      const offered = new Set(inputTypes(p));
      for (const d of p.data_streams ?? []) {
        for (const s of d.streams ?? [])
          expect(offered, `${p.name}@${p.version} ${d.dataset}`).toContain(s.input);
      }
    }
  });

  it("gives every data stream its package name and a dataset of <package>.<path> unless set otherwise", () => {
    for (const p of catalog) {
      for (const d of p.data_streams ?? []) {
        expect(d.package).toBe(p.name);
        expect(d.dataset.startsWith(`${p.name}.`) || d.dataset === p.name).toBe(true);
      }
    }
  });

  it("gives every var a boolean multi, required and show_user", () => {
    const all = catalog.flatMap((p) => [
      ...(p.vars ?? []),
      ...(p.policy_templates ?? []).flatMap((t) => (t.inputs ?? []).flatMap((i) => i.vars ?? [])),
      ...(p.data_streams ?? []).flatMap((d) => (d.streams ?? []).flatMap((s) => s.vars ?? [])),
    ]);
    for (const x of all) {
      expect(typeof x.multi, x.name).toBe("boolean");
      expect(typeof x.required, x.name).toBe("boolean");
      expect(typeof x.show_user, x.name).toBe("boolean");
    }
  });

  it("nginx 1.5.0 offers exactly the logfile, httpjson and nginx/metrics inputs in template nginx", () => {
    const p = pkg("nginx", "1.5.0");
    expect(p.policy_templates?.map((t) => t.name)).toEqual(["nginx"]);
    expect(inputTypes(p)).toEqual(["logfile", "httpjson", "nginx/metrics"]);
  });

  it("nginx 1.5.0 has access and error streams on logfile and httpjson, and stubstatus on nginx/metrics", () => {
    const p = pkg("nginx", "1.5.0");
    const pairs = (p.data_streams ?? []).flatMap((d) =>
      (d.streams ?? []).map((s) => `${d.dataset}:${s.input}`),
    );
    expect(pairs.sort()).toEqual([
      "nginx.access:httpjson",
      "nginx.access:logfile",
      "nginx.error:httpjson",
      "nginx.error:logfile",
      "nginx.stubstatus:nginx/metrics",
    ]);
  });

  it("nginx 1.5.0 httpjson streams are disabled by default and the logfile streams are not", () => {
    const p = pkg("nginx", "1.5.0");
    expect(stream(p, "nginx.access", "httpjson").enabled).toBe(false);
    expect(stream(p, "nginx.error", "httpjson").enabled).toBe(false);
    expect(stream(p, "nginx.access", "logfile").enabled).toBeUndefined();
    expect(stream(p, "nginx.error", "logfile").enabled).toBeUndefined();
  });

  it("nginx 1.5.0 access tags default to ['nginx-access'] and error tags to ['nginx-error']", () => {
    const p = pkg("nginx", "1.5.0");
    expect(streamVar(p, "nginx.access", "logfile", "tags")?.default).toEqual(["nginx-access"]);
    expect(streamVar(p, "nginx.error", "logfile", "tags")?.default).toEqual(["nginx-error"]);
  });

  it("nginx 1.5.0 log streams require paths, tags and preserve_original_event", () => {
    const p = pkg("nginx", "1.5.0");
    for (const ds of ["nginx.access", "nginx.error"]) {
      for (const name of ["paths", "tags", "preserve_original_event"]) {
        expect(streamVar(p, ds, "logfile", name)?.required, `${ds} ${name}`).toBe(true);
      }
    }
  });

  it("nginx 1.5.0 preserve_original_event defaults to the boolean false", () => {
    expect(
      streamVar(pkg("nginx", "1.5.0"), "nginx.access", "logfile", "preserve_original_event")?.default,
    ).toBe(false);
  });

  it("nginx 1.5.0 stubstatus has no tags var", () => {
    const names = stream(pkg("nginx", "1.5.0"), "nginx.stubstatus", "nginx/metrics").vars?.map((x) => x.name);
    expect(names).toEqual(["period", "server_status_path"]);
  });

  it("nginx 1.5.0 hosts defaults to a list on the nginx/metrics input", () => {
    expect(inputVar(pkg("nginx", "1.5.0"), "nginx/metrics", "hosts")?.default).toEqual([
      "http://127.0.0.1:80",
    ]);
  });

  it("the later nginx has no httpjson input and no httpjson stream", () => {
    const later = catalog.filter((p) => p.name === "nginx" && Number(p.version.split(".")[0]) >= 2);
    expect(later.length).toBeGreaterThan(0);
    for (const p of later) {
      expect(inputTypes(p)).not.toContain("httpjson");
      expect((p.data_streams ?? []).flatMap((d) => (d.streams ?? []).map((s) => s.input))).not.toContain(
        "httpjson",
      );
    }
  });

  it("the later nginx stubstatus has a tags var", () => {
    expect(streamVar(pkg("nginx", "3.2.2"), "nginx.stubstatus", "nginx/metrics", "tags")?.default).toEqual([
      "nginx-stubstatus",
    ]);
  });

  it("system 1.60.0 offers the logfile, winlog, system/metrics and httpjson inputs", () => {
    expect(inputTypes(pkg("system", "1.60.0"))).toEqual(["logfile", "winlog", "system/metrics", "httpjson"]);
  });

  it("system 1.60.0 httpjson password and token are secret", () => {
    const p = pkg("system", "1.60.0");
    expect(inputVar(p, "httpjson", "password")?.secret).toBe(true);
    expect(inputVar(p, "httpjson", "token")?.secret).toBe(true);
    expect(inputVar(p, "httpjson", "url")?.secret).toBeUndefined();
  });

  it("system 1.60.0 disables every httpjson stream by default", () => {
    const p = pkg("system", "1.60.0");
    const splunk = (p.data_streams ?? []).flatMap((d) =>
      (d.streams ?? []).filter((s) => s.input === "httpjson"),
    );
    expect(splunk.length).toBeGreaterThan(0);
    for (const s of splunk) expect(s.enabled).toBe(false);
  });

  it("system 1.60.0 metrics include filesystem, fsstat, process.summary, socket_summary and uptime", () => {
    const datasets = (pkg("system", "1.60.0").data_streams ?? [])
      .filter((d) => d.streams?.some((s) => s.input === "system/metrics"))
      .map((d) => d.dataset);
    for (const ds of [
      "system.filesystem",
      "system.fsstat",
      "system.process.summary",
      "system.socket_summary",
      "system.uptime",
    ]) {
      expect(datasets).toContain(ds);
    }
  });

  it("system 1.60.0 disables only core among the metrics streams", () => {
    const disabled = (pkg("system", "1.60.0").data_streams ?? [])
      .filter((d) => d.streams?.some((s) => s.input === "system/metrics" && s.enabled === false))
      .map((d) => d.dataset);
    expect(disabled).toEqual(["system.core"]);
  });

  it("system 1.60.0 has several logfile streams sharing one input", () => {
    const logfile = (pkg("system", "1.60.0").data_streams ?? []).filter((d) =>
      d.streams?.some((s) => s.input === "logfile"),
    );
    expect(logfile.map((d) => d.dataset).sort()).toEqual(["system.auth", "system.syslog"]);
  });

  it("system 1.60.0 winlog language defaults to the number 0", () => {
    expect(streamVar(pkg("system", "1.60.0"), "system.security", "winlog", "language")?.default).toBe(0);
  });

  it("okta has no package-level vars", () => {
    for (const p of catalog.filter((x) => x.name === "okta")) expect(p.vars ?? []).toEqual([]);
  });

  it("okta api_key and jwk_json are secret vars of the httpjson input", () => {
    const p = pkg("okta", "2.12.0");
    expect(inputVar(p, "httpjson", "api_key")).toMatchObject({
      type: "password",
      secret: true,
      required: false,
    });
    expect(inputVar(p, "httpjson", "jwk_json")).toMatchObject({ type: "password", secret: true });
  });

  it("okta url is a required input var without a default", () => {
    const url = inputVar(pkg("okta", "2.12.0"), "httpjson", "url");
    expect(url?.required).toBe(true);
    expect(url && "default" in url).toBe(false);
  });

  it("okta.system stream holds tags and preserve_original_event", () => {
    const p = pkg("okta", "2.12.0");
    expect(streamVar(p, "okta.system", "httpjson", "tags")?.default).toEqual(["forwarded", "okta-system"]);
    expect(streamVar(p, "okta.system", "httpjson", "preserve_original_event")?.required).toBe(true);
  });

  it("fleet_server offers the fleet-server input with host, port and custom in template fleet_server", () => {
    const p = catalog.find((x) => x.name === "fleet_server")!;
    expect(p.policy_templates?.map((t) => t.name)).toEqual(["fleet_server"]);
    expect(inputTypes(p)).toEqual(["fleet-server"]);
    const names = p.policy_templates?.[0].inputs?.[0].vars?.map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(["host", "port", "custom"]));
  });

  it("elastic_agent has no policy templates and only monitoring data streams", () => {
    const p = catalog.find((x) => x.name === "elastic_agent")!;
    expect(p.policy_templates ?? []).toEqual([]);
    expect(p.data_streams?.map((d) => d.dataset)).toEqual(
      expect.arrayContaining(["elastic_agent", "elastic_agent.elastic_agent"]),
    );
  });

  it("tcp 1.x is an integration package with an input without vars and a tcp.generic stream", () => {
    const p = pkg("tcp", "1.19.1");
    expect(p.type).toBe("integration");
    expect(p.policy_templates?.[0].inputs).toEqual([{ type: "tcp", title: "Custom TCP Logs" }]);
    expect(streamVar(p, "tcp.generic", "tcp", "listen_port")).toMatchObject({ type: "text", default: 8080 });
    for (const name of ["listen_address", "syslog_options", "ssl", "custom"]) {
      expect(streamVar(p, "tcp.generic", "tcp", name), name).toBeDefined();
    }
  });
});
