// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${env:NAME} is a manifest placeholder, not a template literal
/**
 * One manifest set for dev, staging and prod: references can give numbers and booleans (`:int`,
 * `:number`, `:bool`) and can declare themselves not secret (`:public`) so that per-environment names,
 * namespaces and hosts show in plans. Without `:public` a reference stays a secret, whatever field it fills.
 */
import { describe, expect, test } from "vitest";
import { loadOne, where } from "./helpers.js";

const policy = (fields: string) => `agent_policies:\n  - id: ap\n    name: AP\n${fields}`;

describe("typed and public references", () => {
  test("${env:NAME:int}, :number and :bool give a number and a boolean, still masked as secrets", async () => {
    const loaded = await loadOne(
      policy(
        '    namespace: default\n    inactivity_timeout: "${env:TIMEOUT:int}"\n    is_protected: "${env:PROTECTED:bool}"\n',
      ),
      { TIMEOUT: "3600", PROTECTED: "true" },
    );
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects[0]!.body).toMatchObject({ inactivity_timeout: 3600, is_protected: true });
    expect(loaded.objects[0]!.interpolated).toEqual([["inactivity_timeout"], ["is_protected"]]);
  });

  test("${env:NAME:public} is shown, not masked: no secret, no interpolated path", async () => {
    const loaded = await loadOne(policy('    namespace: "${env:NAMESPACE:public}"\n'), {
      NAMESPACE: "staging",
    });
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects[0]!.body.namespace).toBe("staging");
    expect(loaded.secrets).toEqual([]);
    expect(loaded.objects[0]!.interpolated).toBeUndefined();
  });

  test("a value mixing a public and a secret reference is masked whole", async () => {
    const loaded = await loadOne(
      policy('    namespace: default\n    description: "${env:TEAM:public}-${env:TOKEN}"\n'),
      {
        TEAM: "web",
        TOKEN: "s3cr3t-token",
      },
    );
    expect(loaded.objects[0]!.body.description).toBe("web-s3cr3t-token");
    expect(loaded.secrets).toEqual(["s3cr3t-token"]);
    expect(loaded.objects[0]!.interpolated).toEqual([["description"]]);
  });

  test(":int and :public combine in either order", async () => {
    const loaded = await loadOne(
      policy(
        '    namespace: default\n    unenroll_timeout: "${env:UNENROLL:public:int}"\n    inactivity_timeout: "${env:IDLE:int:public}"\n',
      ),
      { UNENROLL: "600", IDLE: "1200" },
    );
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects[0]!.body).toMatchObject({ unenroll_timeout: 600, inactivity_timeout: 1200 });
    expect(loaded.secrets).toEqual([]);
  });

  test("a typed reference inside other text is an error at its place", async () => {
    const loaded = await loadOne(
      policy('    namespace: default\n    description: "after ${env:N:int} seconds"\n'),
      {
        N: "5",
      },
    );
    expect(where(loaded.errors)).toEqual([
      'm.yaml:5:18 ${env:N:int} is typed (:int), so it must be the whole value, not part of "…"',
    ]);
  });

  test("a value that is not of the type is an error that never shows a secret value", async () => {
    const loaded = await loadOne(
      policy('    namespace: default\n    inactivity_timeout: "${env:TIMEOUT:int}"\n'),
      {
        TIMEOUT: "12.5-secret",
      },
    );
    expect(loaded.errors.map((e) => e.message)).toEqual([
      "environment variable TIMEOUT must hold an integer for ${env:TIMEOUT:int}, but it holds something else",
    ]);
  });
});
