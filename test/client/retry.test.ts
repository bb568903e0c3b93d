import { describe, expect, it } from "vitest";
import { backoffDelay, parseRetryAfter, retryDelay } from "../../src/client/retry.js";

describe("retry policy", () => {
  it("backs off exponentially up to the cap", () => {
    const max = () => 1;
    expect(backoffDelay(1, { baseMs: 100, capMs: 1000 }, max)).toBe(100);
    expect(backoffDelay(3, { baseMs: 100, capMs: 1000 }, max)).toBe(400);
    expect(backoffDelay(10, { baseMs: 100, capMs: 1000 }, max)).toBe(1000);
  });

  it("jitters between half and all of the ceiling", () => {
    expect(backoffDelay(2, { baseMs: 100, capMs: 1000 }, () => 0)).toBe(100);
  });

  it("waits what Retry-After asks instead of the growing backoff, but never less than the base delay", () => {
    const policy = { baseMs: 100, capMs: 1000 };
    expect(retryDelay(6, 300, policy, () => 1)).toBe(300);
    expect(retryDelay(1, 0, policy, () => 1)).toBe(100);
    expect(retryDelay(3, undefined, policy, () => 1)).toBe(400);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});
