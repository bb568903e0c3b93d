import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { ROOT } from "./run-cli.js";

/**
 * The module files `fleetform ARGS` loads, from dist/cli/ (the modules bin/fleetform.js runs bundled):
 * a module hook logs each URL Node loads. dist/ is built by vitest's globalSetup.
 */
function modulesLoaded(args: string[]): string {
  const hook = `export async function load(url, context, next) { process._rawDebug("LOADED " + url); return next(url, context); }`;
  const register = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
  const run = `const { main } = await import("./dist/cli/main.js"); process.exitCode = await main(["node", "fleetform", ...${JSON.stringify(args)}]);`;
  const child = spawnSync(
    process.execPath,
    ["--import", `data:text/javascript,${encodeURIComponent(register)}`, "--input-type=module", "-e", run],
    { cwd: ROOT, encoding: "utf8" },
  );
  expect(child.status).toBe(0);
  return child.stderr;
}

describe("start-up loads what the command needs", () => {
  test("--version loads no renderer, no kind descriptor and no YAML library", () => {
    const loaded = modulesLoaded(["--version"]);
    expect(loaded).toContain("/dist/cli/main.js");
    expect(loaded).not.toMatch(/\/dist\/render\/(markdown|json|diagnostics)\.js/);
    expect(loaded).not.toContain("/dist/kinds/index.js");
    expect(loaded).not.toMatch(/node_modules\/(yaml|js-yaml)\//);
  });
});
