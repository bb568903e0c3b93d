#!/usr/bin/env node
// Build steps after tsc (`npm run build`), both for start-up time:
// - dist/validate/validators/<name>.cjs: ajv's standalone validation code for each schema of schemas/,
//   one file per kind (and one for a whole manifest file), so that no command compiles JSON Schemas
//   at run time and a command loads the code of the kinds its manifests use only
//   (src/validate/schemas.ts loads them);
// - dist/cli/commands.json: each command's summary, so that the list of commands (`--help`) imports
//   none of them (src/cli/command-list.ts).
import { mkdirSync, writeFileSync } from "node:fs";

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
