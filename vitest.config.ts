import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/build.ts", "test/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core machine. Most tests wait
    // on a simulator or a CLI child process, so two workers on 2 cores take ~40% off the suite's wall time.
    maxWorkers: 2,
  },
});
