/** The Kibana a run talks to is named without the credentials a URL may carry. */
import { describe, expect, it } from "vitest";
import { displayUrl } from "../../src/read/target.js";
import { describeTarget, spaceSuffix } from "../../src/render/target.js";

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

describe("the spaces the target line names", () => {
  const target = { url: "https://k.example.com", space: "default", version: "9.3.0" };

  it("names the plan's one space when it is not the run's own (the approval prompt says it too)", () => {
    expect(describeTarget(target, { spaces: ["ops"], runSpace: "default" })).toBe(
      'Kibana 9.3.0 at https://k.example.com, space "ops"',
    );
  });

  it("names only the run's space when the plan covers it alone", () => {
    expect(describeTarget(target, { spaces: ["default"], runSpace: "default" })).toBe(
      'Kibana 9.3.0 at https://k.example.com, space "default"',
    );
  });

  it("says in which space an operation is when the plan's one space is not the run's", () => {
    expect(spaceSuffix({ space: "ops" }, { spaces: ["ops"], runSpace: "default" })).toBe(' in space "ops"');
    expect(spaceSuffix({ space: "default" }, { spaces: ["default"], runSpace: "default" })).toBe("");
  });
});
