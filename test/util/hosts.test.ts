import { describe, expect, it } from "vitest";
import { normalizeHostForAgents } from "../../src/util/hosts.js";

describe("normalizeHostForAgents (Kibana's normalizeHostsForAgents)", () => {
  it.each([
    ["https://es.example.com", "https://es.example.com:443"],
    ["http://es.example.com", "http://es.example.com:80"],
    ["https://es.example.com/", "https://es.example.com:443"],
    ["https://es.example.com:9200/", "https://es.example.com:9200"],
    ["https://ES.Example.com:9200", "https://es.example.com:9200"],
    ["http://h4/path/", "http://h4:80/path/"],
    ["https://h:9200/p?x=1#f", "https://h:9200/p"],
    ["https://[::1]:9200", "https://[::1]:9200"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeHostForAgents(input)).toBe(expected);
  });

  it("leaves host:port entries of Logstash and Kafka outputs as they are", () => {
    expect(normalizeHostForAgents("logstash.example.com:5044")).toBe("logstash.example.com:5044");
  });
});
