/**
 * `describeContract`: a describe block that runs only when the OpenAPI contract is present.
 * Absent: skipped with a visible warning, or, under CI=true, a failing test that says why.
 */
import { describe, it } from "vitest";
import { specAvailable, specMissingMessage } from "./openapi.js";

export function describeContract(name: string, fn: () => void): void {
  if (specAvailable()) {
    describe(name, fn);
    return;
  }
  if (process.env.CI === "true") {
    describe(name, () => {
      it("needs the OpenAPI contract (CI=true)", () => {
        throw new Error(`${specMissingMessage()} Under CI=true a missing contract is a failure.`);
      });
    });
    return;
  }
  console.warn(`[contract] SKIPPED "${name}": ${specMissingMessage()}`);
  describe.skip(name, fn);
}

/** Asserts no contract errors, with a message listing them. */
export function expectValid(errors: string[], what: string): void {
  if (errors.length > 0) {
    throw new Error(`${what} violates the OpenAPI contract:\n  ${errors.slice(0, 30).join("\n  ")}`);
  }
}
