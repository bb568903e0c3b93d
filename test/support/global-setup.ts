/**
 * Vitest global setup: every simulator started anywhere in the test run (in-process or as `fleetform sim`)
 * appends one JSON line per handled /api request to FLEETFORM_SIM_RECORD; at teardown every recorded
 * request and response body is validated against the OpenAPI contract.
 *
 * Vitest 4 only logs an error thrown by a global teardown ("error during close") and still exits 0, so
 * the teardown also sets `process.exitCode = 1`: a contract violation makes `vitest run` fail.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { specAvailable, specMissingMessage } from "./openapi.js";
import { checkRecordFile, formatViolations } from "./recorded.js";

export default function setup(): () => void {
  const preset = process.env.FLEETFORM_SIM_RECORD;
  let dir: string | undefined;
  let file: string;
  if (preset) {
    file = preset;
  } else {
    dir = mkdtempSync(join(tmpdir(), "fleetform-sim-record-"));
    file = join(dir, "requests.jsonl");
    writeFileSync(file, "");
    process.env.FLEETFORM_SIM_RECORD = file;
  }

  return function teardown(): void {
    if (!preset) delete process.env.FLEETFORM_SIM_RECORD;
    if (!specAvailable()) {
      if (process.env.CI === "true") {
        process.exitCode = 1;
        throw new Error(
          `recorded-traffic contract check: ${specMissingMessage()} (CI=true makes this a failure)`,
        );
      }
      console.warn(`[contract] recorded-traffic check skipped. ${specMissingMessage()}`);
      return;
    }
    if (!existsSync(file)) {
      console.warn(`[contract] no simulator request log at ${file}: nothing to check`);
      return;
    }
    const check = checkRecordFile(file);
    if (check.violations.length > 0) {
      const report = formatViolations(check, 20);
      process.exitCode = 1;
      console.error(`\n[contract] ${report}\n(request log kept at ${file})\n`);
      throw new Error(report);
    }
    const outside = new Set(check.outsideContract);
    console.log(
      `[contract] ${check.records} recorded simulator request(s) match the OpenAPI contract` +
        (outside.size > 0 ? `; not in the contract, unchecked: ${[...outside].slice(0, 10).join(", ")}` : ""),
    );
    if (check.records === 0) {
      console.warn(
        "[contract] the simulator recorded no requests: does it honour FLEETFORM_SIM_RECORD? (nothing was checked)",
      );
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
