#!/usr/bin/env node
// Build steps after tsc (`npm run build`), both for start-up time:
// - dist/validate/schema-validators.cjs: ajv's standalone validation code for schemas/, so that no
//   command compiles JSON Schemas at run time (src/validate/schemas.ts loads it);
// - dist/cli/commands.json: each command's summary, so that the list of commands (`--help`) imports
//   none of them (src/cli/command-list.ts).
import { writeFileSync } from "node:fs";

const dist = new URL("../dist/", import.meta.url);
const { schemaAjv, GENERATED_VALIDATORS } = await import(new URL("validate/schemas.js", dist).href);
const { KIND_NAMES } = await import(new URL("kinds/shapes.js", dist).href);
const standaloneCode = (await import("ajv/dist/standalone/index.js")).default.default;

const ajv = schemaAjv({ code: { source: true } });
const exports = Object.fromEntries([...KIND_NAMES, "manifest"].map((name) => [name, `${name}.schema.json`]));
writeFileSync(new URL(GENERATED_VALIDATORS, new URL("validate/", dist)), standaloneCode(ajv, exports));

const { COMMAND_LOADERS, summarize } = await import(new URL("cli/command-list.js", dist).href);
const { newContext } = await import(new URL("cli/context.js", dist).href);
const { VERSION } = await import(new URL("cli/main.js", dist).href);
const summaries = [];
for (const load of Object.values(COMMAND_LOADERS))
  summaries.push(summarize(await load(newContext(), VERSION)));
writeFileSync(new URL("cli/commands.json", dist), `${JSON.stringify(summaries, null, 2)}\n`);
