/** The Kibana a run talks to is named without the credentials a URL may carry. */
import { describe, expect, it } from "vitest";
import { displayUrl } from "../../src/read/target.js";
import { describeTarget } from "../../src/render/target.js";

describe("the target's URL", () => {
  it("drops user and password written into the URL", () => {
    expect(displayUrl("https://elastic:s3cr3t-pass@kibana.example.com:5601/")).toBe(
      "https://kibana.example.com:5601",
    );
  });

  it("keeps a base path and the simulator's note", () => {
    expect(displayUrl("http://127.0.0.1:5601/kibana (embedded simulator)")).toBe(
      "http://127.0.0.1:5601/kibana (embedded simulator)",
    );
  });

  it("says when Kibana did not tell its version", () => {
    expect(describeTarget({ url: "https://k.example.com", space: "default" })).toBe(
      'Kibana (version unknown) at https://k.example.com, space "default"',
    );
  });
});
