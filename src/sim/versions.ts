/**
 * The Kibana version the simulator plays (`fleetform sim --kibana-version V`): `GET /api/status`
 * answers it, and a request that uses what that version lacks is refused as that Kibana refuses it
 * (400: its body schemas reject unknown keys and values), and answers leave out what it did not have.
 * The versions are those of src/kinds/versions.ts, where each is cited.
 */
import type { KindName } from "../kinds/shapes.js";
import { compareVersions, type FieldSince, predates, VERSIONED_FIELDS } from "../kinds/versions.js";
import { HttpError, literalMismatch, noVariantMatches } from "./errors.js";

/** The newest Kibana the simulator plays, and its default. */
export const LATEST_KIBANA_VERSION = "9.3.0";

/** The oldest it plays: kafka outputs (8.10) are the oldest fleetform manages. */
export const OLDEST_KIBANA_VERSION = "8.10.0";

/** Where each kind's objects are written and answered, and how its body schema names an unknown key. */
const ROUTES: { kind: KindName; prefix: string; writes: string[]; unknownKey: (key: string) => string }[] = [
  {
    kind: "outputs",
    prefix: "/api/fleet/outputs",
    writes: ["POST /api/fleet/outputs", "PUT /api/fleet/outputs/{outputId}"],
    unknownKey: configSchemaUnknownKey,
  },
  {
    kind: "agent_policies",
    prefix: "/api/fleet/agent_policies",
    writes: ["POST /api/fleet/agent_policies", "PUT /api/fleet/agent_policies/{agentPolicyId}"],
    unknownKey: configSchemaUnknownKey,
  },
  {
    kind: "integration_policies",
    prefix: "/api/fleet/package_policies",
    writes: ["POST /api/fleet/package_policies", "PUT /api/fleet/package_policies/{packagePolicyId}"],
    unknownKey: configSchemaUnknownKey,
  },
  {
    kind: "fleet_settings",
    prefix: "/api/fleet/settings",
    writes: ["PUT /api/fleet/settings"],
    unknownKey: configSchemaUnknownKey,
  },
  {
    kind: "case_settings",
    prefix: "/api/cases/configure",
    writes: ["POST /api/cases/configure", "PATCH /api/cases/configure/{configurationId}"],
    // Cases validates with io-ts and reports excess keys together (cases/common/api/runtime_types.ts).
    unknownKey: (key) => `invalid keys "${key}"`,
  },
];

/** @kbn/config-schema's answer to a key an object schema does not define. */
function configSchemaUnknownKey(key: string): string {
  return `[request body.${key}]: definition for this key is missing`;
}

/** A valid version to play, or an error naming the range. */
export function checkKibanaVersion(version: string): string {
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`"${version}" is not a version (MAJOR.MINOR.PATCH)`);
  if (
    compareVersions(version, OLDEST_KIBANA_VERSION) < 0 ||
    compareVersions(version, LATEST_KIBANA_VERSION) > 0
  )
    throw new Error(
      `the simulator plays Kibana ${OLDEST_KIBANA_VERSION} to ${LATEST_KIBANA_VERSION}, not ${version}`,
    );
  return version;
}

const lackingByVersion = new Map<string, FieldSince[]>();

/** The rules a version predates, worked out once per kind and version: every write asks. */
function lacking(kind: KindName, version: string): FieldSince[] {
  const key = `${kind} ${version}`;
  let rules = lackingByVersion.get(key);
  if (!rules) {
    rules = (VERSIONED_FIELDS[kind] ?? []).filter((rule) => predates(version, rule));
    lackingByVersion.set(key, rules);
  }
  return rules;
}

/** Refuses (400) a write that uses what the played version lacks, as that Kibana's schema does. */
export function refuseWhatVersionLacks(routeKey: string, body: unknown, version: string): void {
  const route = ROUTES.find((r) => r.writes.includes(routeKey));
  if (!route || !body || typeof body !== "object" || Array.isArray(body)) return;
  const fields = body as Record<string, unknown>;
  for (const rule of lacking(route.kind, version)) {
    const key = rule.path[0]!;
    if (fields[key] === undefined) continue;
    if (!rule.applies) throw new HttpError(400, route.unknownKey(key));
    if (rule.applies(fields)) throw new HttpError(400, refusalOf(rule));
  }
}

/**
 * What a Kibana older than the rule answers to the use it lacks, from that Kibana's source:
 * - a remote_elasticsearch output before 8.12: FLEET/server/types/models/output.ts of 8.10/8.11 has
 *   `OutputSchema = schema.oneOf([ElasticSearch, Logstash, Kafka])`, each `{...BaseSchema, type:
 *   schema.literal(...), hosts}`, so each variant fails first at `type`;
 * - policy_ids with more than one agent policy on 8.15: `canUseMultipleAgentPolicies`
 *   (FLEET/server/services/package_policies/utils.ts) while the experimental
 *   `enableReusableIntegrationPolicies` is off, thrown by the package-policy preflight as a 400.
 * Kafka outputs (8.10) predate every version the simulator plays: no answer is needed.
 */
function refusalOf(rule: FieldSince): string {
  switch (rule.what) {
    case "remote_elasticsearch outputs":
      return noVariantMatches(
        "request body",
        ["elasticsearch", "logstash", "kafka"].map((type, i) =>
          literalMismatch(`request body.${i}.type`, type),
        ),
      );
    case "policy_ids with more than one agent policy":
      return "Reusable integration policies are not supported";
    default:
      throw new Error(`no Kibana answer known for ${rule.what ?? rule.path.join(".")} before ${rule.since}`);
  }
}

/** The answer as the played version gives it: without the fields it did not have. */
export function answerOfVersion(template: string, body: unknown, version: string): unknown {
  const route = ROUTES.find((r) => template === r.prefix || template.startsWith(`${r.prefix}/`));
  if (!route) return body;
  const keys = new Set(
    lacking(route.kind, version)
      .filter((r) => !r.applies)
      .map((r) => r.path[0]!),
  );
  if (keys.size === 0) return body;
  const strip = (object: unknown): unknown =>
    object && typeof object === "object" && !Array.isArray(object)
      ? Object.fromEntries(Object.entries(object).filter(([k]) => !keys.has(k)))
      : object;
  if (Array.isArray(body)) return body.map(strip);
  if (!body || typeof body !== "object") return body;
  const answer = { ...(body as Record<string, unknown>) };
  if (answer.item) answer.item = strip(answer.item);
  if (Array.isArray(answer.items)) answer.items = answer.items.map(strip);
  return answer;
}
