#!/usr/bin/env node
// Build steps after tsc (`npm run build`), all for start-up time:
// - dist/validate/validators/<name>.cjs: ajv's standalone validation code for each schema of schemas/,
//   one file per kind (and one for a whole manifest file), so that no command compiles JSON Schemas
//   at run time and a command loads the code of the kinds its manifests use only
//   (src/validate/schemas.ts loads them);
// - dist/cli/commands.json: each command's summary, so that the list of commands (`--help`) imports
//   none of them (src/cli/command-list.ts);
// - dist/bundle/: the CLI (dist/cli/main.js and all it imports, commander included) bundled by esbuild
//   into a few files, one chunk per lazily imported command, which bin/fleetform.js runs. Node resolves,
//   reads and links each module file on its own: ~80 files cost `--help` more than parsing them.
//   The bundle lies two levels below the package root, like the modules it replaces, so that their
//   paths relative to import.meta.url (schemas/, dist/cli/commands.json, dist/validate/) still hold.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

const dist = new URL("../dist/", import.meta.url);
const { schemaAjv, generatedValidatorFile, SCHEMA_NAMES } = await import(
  new URL("validate/schemas.js", dist).href
);
const standaloneCode = (await import("ajv/dist/standalone/index.js")).default.default;

const ajv = schemaAjv({ code: { source: true } });
for (const name of SCHEMA_NAMES) {
  const file = generatedValidatorFile(name);
  mkdirSync(new URL(".", file), { recursive: true });
  writeFileSync(file, standaloneCode(ajv, { [name]: `${name}.schema.json` }));
}

const { COMMAND_LOADERS, summarize } = await import(new URL("cli/command-list.js", dist).href);
const { newContext } = await import(new URL("cli/context.js", dist).href);
const { VERSION } = await import(new URL("cli/main.js", dist).href);
const summaries = [];
for (const load of Object.values(COMMAND_LOADERS))
  summaries.push(summarize(await load(newContext(), VERSION)));
writeFileSync(new URL("cli/commands.json", dist), `${JSON.stringify(summaries, null, 2)}\n`);

const bundle = new URL("bundle/", dist);
rmSync(bundle, { recursive: true, force: true });
await build({
  entryPoints: { main: new URL("cli/main.js", dist).pathname },
  outdir: bundle.pathname,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.18",
  // Bundled CommonJS (commander, undici) requires Node's built-in modules: give the ESM chunks a require.
  banner: {
    js: 'import { createRequire as __bundleRequire } from "node:module"; const require = __bundleRequire(import.meta.url);',
  },
  chunkNames: "[name]-[hash]",
  logLevel: "warning",
});
