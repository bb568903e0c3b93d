import { execFileSync } from "node:child_process";

/** The CLI tests run the real `bin/fleetform.js`, which loads dist/: build it once per test run. */
export default function setup() {
  execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
}
