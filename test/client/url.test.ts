import { describe, expect, it } from "vitest";
import { redirectTarget, splitUserinfo, withoutUserinfo } from "../../src/client/url.js";

describe("credentials in a Kibana URL", () => {
  it.each([
    ["http://user:pass@kibana:5601/base", "http://kibana:5601/base"],
    ["user:pass@kibana:5601", "kibana:5601"],
    ["ftp://user:pass@kibana", "ftp://kibana"],
    ["http://kibana:5601/x?q=a@b", "http://kibana:5601/x?q=a@b"],
    ["https://kibana", "https://kibana"],
  ])("%s is shown as %s", (url, shown) => {
    expect(withoutUserinfo(url)).toBe(shown);
  });

  it("splits off a percent-encoded user and password for basic auth", () => {
    expect(splitUserinfo("https://fleet%20user:p%40ss@kibana:5601")).toEqual({
      url: "https://kibana:5601",
      username: "fleet user",
      password: "p@ss",
    });
    expect(splitUserinfo("https://kibana:5601")).toEqual({ url: "https://kibana:5601" });
  });

  it("shows where a redirect points without its query, which may carry a login token", () => {
    expect(redirectTarget("/login?token=secret", "http://kibana:5601/api/fleet/outputs")).toBe(
      "http://kibana:5601/login",
    );
    expect(redirectTarget(undefined, "http://kibana:5601/api")).toBe("nowhere (no Location header)");
  });
});
