import { execFileSync } from "node:child_process";

/** The CLI tests run the real `bin/fleetform.js`, which loads dist/: build it (tsc and scripts/build-cli.mjs) once per test run. */
export default function setup() {
  execFileSync("npm", ["run", "--silent", "build"], { stdio: "inherit" });
}
