import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { COMMAND_LOADERS, summarize } from "../../src/cli/command-list.js";
import { newContext } from "../../src/cli/context.js";
import { VERSION } from "../../src/cli/main.js";

describe("the command list --help shows without importing the commands", () => {
  test("dist/cli/commands.json summarizes every command as it is built", async () => {
    // Written by scripts/build-cli.mjs (vitest's globalSetup runs npm run build).
    const built = JSON.parse(readFileSync(new URL("../../dist/cli/commands.json", import.meta.url), "utf8"));
    const actual = [];
    for (const load of Object.values(COMMAND_LOADERS))
      actual.push(summarize(await load(newContext(), VERSION)));
    expect(built).toEqual(actual);
  });
});
