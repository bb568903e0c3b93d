/**
 * Enrollment tokens an agent policy declares (`enrollment_tokens: [{name, expiration}]`), for bootstrap
 * scripts: apply keeps one active token per declaration, creating it when missing and never rotating
 * it unless asked (`--rotate-tokens`). Token secrets never enter a plan: only `fleetform token` prints one.
 *
 * Kibana (FLEET/server/services/api_keys/enrollment_api_key.ts, generateEnrollmentAPIKey) stores a
 * named key as `NAME (uuid)`, and refuses a name that any key of the policy has, revoked keys included
 * (DELETE only revokes: deleteEnrollmentApiKeys sets `active: false`). A rotation therefore creates
 * its token as `NAME rotated <time>`, then revokes the old one; both count as the declaration `NAME`.
 * A key made while its policy was locked (is_managed) or agentless is `hidden`, and the revoke skips
 * hidden keys (deleteEnrollmentApiKeys without includeHidden): such a token cannot be rotated.
 */

import { errorMessageOf } from "../client/errors.js";
import type { KibanaClient } from "../client/kibana-client.js";
import { CODES } from "../diagnostics/codes.js";
import type { ObjectDiagnostic } from "../diagnostics/diagnostic.js";
import type { ApiCall, Body, KindDescriptor, KindName } from "../kinds/types.js";
import type { ManifestObject } from "../load/types.js";
import type { LiveState } from "../read/read-live.js";

export const ENROLLMENT_TOKENS = "enrollment_tokens";
const KEYS = "/api/fleet/enrollment_api_keys";

export interface TokenDeclaration {
  kind: KindName;
  policyId: string;
  /** The space of its agent policy, when not the run's own: Kibana lists keys by space. */
  space?: string;
  name: string;
  expiration?: string;
}

/** What apply does for one declaration; holds no secret (Kibana makes the token). */
export interface TokenStep {
  action: "create" | "rotate";
  policyId: string;
  /** The space of its agent policy, when not the run's own. */
  space?: string;
  name: string;
  /** The create call. */
  request: ApiCall;
  /** Ids of the active tokens a rotation revokes once the new one exists. */
  revoke: string[];
}

export interface TokenResult {
  step: TokenStep;
  status: "done" | "failed" | "skipped";
  /** Kibana's message or the reason; never a token. */
  message?: string;
}

/** A key as Kibana lists it (`api_key` is the secret). */
export interface LiveToken {
  id: string;
  name?: string;
  policy_id?: string;
  active: boolean;
  created_at?: string;
  api_key?: string;
  /** Kibana's mark on keys made while the policy was locked or agentless: its revoke skips them. */
  hidden?: boolean;
}

const UUID_SUFFIX = / \([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\)$/;
const ROTATED_SUFFIX = / rotated \d{8}T\d{6}Z$/;

/** The declaration a stored key name belongs to: without Kibana's ` (uuid)` and fleetform's ` rotated <time>`. */
export function declaredName(stored: string | undefined): string {
  return (stored ?? "").replace(UUID_SUFFIX, "").replace(ROTATED_SUFFIX, "");
}

/** Every token the manifests declare, on the kinds that allow them (their descriptor's `ownFields`). */
export function declaredTokens(
  objects: ManifestObject[],
  kinds: readonly KindDescriptor[],
): TokenDeclaration[] {
  const holders = new Set(kinds.filter((k) => k.ownFields?.includes(ENROLLMENT_TOKENS)).map((k) => k.name));
  const out = new Map<string, TokenDeclaration>();
  for (const object of objects) {
    if (!holders.has(object.kind)) continue;
    const declared = object.body[ENROLLMENT_TOKENS];
    if (!Array.isArray(declared)) continue;
    for (const token of declared as Body[]) {
      if (typeof token?.name !== "string") continue;
      const expiration = typeof token.expiration === "string" ? token.expiration : undefined;
      out.set(`${object.id}\0${token.name}`, {
        kind: object.kind,
        policyId: object.id,
        ...(object.space !== undefined ? { space: object.space } : {}),
        name: token.name,
        ...(expiration ? { expiration } : {}),
      });
    }
  }
  return [...out.values()];
}

/** Every key of one agent policy, newest first (Kibana sorts by created_at desc). */
export async function listTokens(client: KibanaClient, policyId: string): Promise<LiveToken[]> {
  const out: LiveToken[] = [];
  const kuery = `policy_id:"${policyId.replace(/(["\\])/g, "\\$1")}"`;
  for (let page = 1; ; page++) {
    const res = await client.request("GET", KEYS, { query: { kuery, page, perPage: 100 } });
    const items = Array.isArray(res.body?.items) ? (res.body.items as LiveToken[]) : [];
    out.push(...items.filter((k) => k.policy_id === undefined || k.policy_id === policyId));
    if (items.length < 100) return out;
  }
}

/** The active keys of a declaration, newest first. */
export function activeTokens(keys: LiveToken[], name: string): LiveToken[] {
  return keys.filter((k) => k.active && declaredName(k.name) === name);
}

/**
 * The steps that make every declaration hold one active token. Tokens of policies that do not exist
 * yet are created after them; Kibana's own Default token, and tokens nobody declared, are left alone.
 */
export async function planTokens(
  client: KibanaClient,
  objects: ManifestObject[],
  kinds: readonly KindDescriptor[],
  live: LiveState,
  options: { rotateTokens?: boolean; now?: Date },
): Promise<{ steps: TokenStep[]; problems: ObjectDiagnostic[] }> {
  const declarations = declaredTokens(objects, kinds);
  const existing = declarations.filter(
    (d, i) =>
      live.get(d.kind)?.has(d.policyId) && declarations.findIndex((o) => o.policyId === d.policyId) === i,
  );
  const keys = new Map(
    await Promise.all(
      existing.map(async (d) => [d.policyId, await listTokens(client.inSpace(d.space), d.policyId)] as const),
    ),
  );
  const stamp = (options.now ?? new Date()).toISOString().replace(/[-:]|\.\d+/g, "");
  const steps: TokenStep[] = [];
  const problems: ObjectDiagnostic[] = [];
  for (const d of declarations) {
    const ofPolicy = keys.get(d.policyId) ?? [];
    const active = activeTokens(ofPolicy, d.name);
    if (active.length > 0 && !options.rotateTokens) continue;
    if (active.some((k) => k.hidden)) {
      const object = objects.find((o) => o.kind === d.kind && o.id === d.policyId);
      problems.push({
        severity: "warning",
        code: CODES.tokenNotRotated,
        subject: { kind: d.kind, id: d.policyId },
        ...(object ? { location: object.locate([ENROLLMENT_TOKENS]) } : {}),
        message: `enrollment token "${d.name}" is not rotated: it was made while agent policy "${d.policyId}" was locked (is_managed), so Kibana hides it and its revoke API skips it; a new token would leave the old one active`,
        hint: "revoke it in Kibana's Fleet UI, or unlock the policy (is_managed: false) and rotate the tokens made after that",
      });
      continue;
    }
    // A revoked key keeps its name, and Kibana refuses it again: a later token takes a new one.
    const taken = ofPolicy.some((k) => declaredName(k.name) === d.name);
    const name = taken ? `${d.name} rotated ${stamp}` : d.name;
    const body = { policy_id: d.policyId, name, ...(d.expiration ? { expiration: d.expiration } : {}) };
    steps.push({
      action: active.length > 0 ? "rotate" : "create",
      policyId: d.policyId,
      ...(d.space !== undefined ? { space: d.space } : {}),
      name: d.name,
      request: { method: "POST", path: KEYS, body },
      revoke: active.map((k) => k.id),
    });
  }
  return { steps, problems };
}

/**
 * Runs the steps after the plan's operations: a token of a policy whose operation did not succeed is
 * skipped. A rotation revokes the old tokens only once the new one exists.
 */
export async function applyTokens(
  home: KibanaClient,
  steps: TokenStep[],
  unappliedPolicies: Set<string>,
): Promise<TokenResult[]> {
  return Promise.all(
    steps.map(async (step): Promise<TokenResult> => {
      if (unappliedPolicies.has(step.policyId))
        return { step, status: "skipped", message: `agent policy "${step.policyId}" was not applied` };
      const { method, path, body } = step.request;
      const client = home.inSpace(step.space);
      const created = await client
        .request(method, path, { body, allowErrors: true, written: true })
        .catch((err: Error) => ({ status: 0, body: { message: err.message } }));
      if (created.status === 0 || created.status >= 300)
        return { step, status: "failed", message: errorMessageOf(created.body) ?? `HTTP ${created.status}` };
      for (const id of step.revoke) {
        const revoked = await client
          // Kibana answers `{action: 'deleted'}`, naming nothing: not a `written` answer.
          .request("DELETE", `${KEYS}/${encodeURIComponent(id)}`, { allowErrors: true })
          .catch((err: Error) => ({ status: 0, body: { message: err.message } }));
        const why =
          revoked.status === 0 || revoked.status >= 300
            ? (errorMessageOf(revoked.body) ?? `HTTP ${revoked.status}`)
            : await stillActive(client, id);
        if (why)
          return {
            step,
            status: "failed",
            message: `new token created, but the old one was not revoked: ${why}`,
          };
      }
      return { step, status: "done" };
    }),
  );
}

/**
 * Why a key Kibana said it revoked is still active, or undefined when it is not: the answer names
 * nothing, and Kibana answers it for a key its revoke skipped (a hidden one), so only a read tells.
 */
async function stillActive(client: KibanaClient, id: string): Promise<string | undefined> {
  const read = await client
    .request("GET", `${KEYS}/${encodeURIComponent(id)}`, { allowErrors: true })
    .catch((err: Error) => ({ status: 0, body: { message: err.message } }));
  if (read.status === 0 || read.status >= 300)
    return `reading it back failed: ${errorMessageOf(read.body) ?? `HTTP ${read.status}`}`;
  return read.body?.item?.active === false ? undefined : "Kibana answered, but it is still active";
}

/** How a step reads in a plan. */
export function describeTokenStep(step: TokenStep): string {
  const what = `enrollment token "${step.name}" of agent policy "${step.policyId}"`;
  return step.action === "create" ? `+ ${what}` : `~ ${what}: rotate (a new token, then the old one revoked)`;
}
