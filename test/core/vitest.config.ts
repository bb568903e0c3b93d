/**
 * The fast core tests alone: `npx vitest run --config test/core/vitest.config.ts`. They start no
 * server and run no CLI, so they skip the main configuration's global setup (building dist/, checking
 * the simulator's recorded traffic against the OpenAPI contract).
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["test/core/**/*.test.ts"],
  },
});
