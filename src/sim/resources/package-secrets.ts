/** Secret package vars (`secret: true`): stored apart and returned as `{id, isSecretRef:true}` references. */
import { normalizedDataStreams, normalizedInputs } from "../../packages/policy-templates.js";
import type { PackageInfo } from "../../packages/types.js";
import type { Obj, Store } from "../store.js";

/** Keys `pkg:<var>`, `input:<type>:<var>`, `stream:<dataset>:<var>` of the package's secret vars. */
export function secretVarKeys(pkg: PackageInfo | undefined): Set<string> {
  const keys = new Set<string>();
  if (!pkg) return keys;
  for (const v of pkg.vars ?? []) if (v.secret) keys.add(`pkg:${v.name}`);
  for (const t of pkg.policy_templates ?? []) {
    for (const i of normalizedInputs(t))
      for (const v of i.vars ?? []) if (v.secret) keys.add(`input:${i.type}:${v.name}`);
  }
  // An input package's vars live on the stream of the data stream Kibana makes of its template.
  for (const ds of normalizedDataStreams(pkg)) {
    for (const s of ds.streams ?? [])
      for (const v of s.vars ?? []) if (v.secret) keys.add(`stream:${ds.dataset}:${v.name}`);
  }
  return keys;
}

type VarVisitor = (vars: Obj, ctx: (name: string) => string) => void;

function walkVars(policy: Obj, visit: VarVisitor): void {
  if (policy.vars) visit(policy.vars, (n) => `pkg:${n}`);
  for (const input of policy.inputs ?? []) {
    if (input.vars) visit(input.vars, (n) => `input:${input.type}:${n}`);
    for (const s of input.streams ?? []) {
      if (s.vars) visit(s.vars, (n) => `stream:${s.data_stream?.dataset}:${n}`);
    }
  }
}

const isRef = (v: unknown): v is { id: string; isSecretRef: true } =>
  typeof v === "object" && v !== null && (v as Obj).isSecretRef === true && typeof (v as Obj).id === "string";

/**
 * With secret storage on, moves plain secret values into the secret store (a new secret per write:
 * sending a plain value rotates it, sending the reference back keeps it) and sets `secret_references`.
 */
export function extractSecrets(
  store: Store,
  pkg: PackageInfo | undefined,
  policy: Obj,
  enabled: boolean,
): void {
  const keys = secretVarKeys(pkg);
  if (!enabled || keys.size === 0) return;
  const refs: { id: string }[] = [];
  walkVars(policy, (vars, ctx) => {
    for (const [name, entry] of Object.entries(vars as Record<string, Obj>)) {
      if (
        !keys.has(ctx(name)) ||
        !entry ||
        entry.value === undefined ||
        entry.value === null ||
        entry.value === ""
      ) {
        continue;
      }
      if (isRef(entry.value)) refs.push({ id: entry.value.id });
      else {
        const id = store.storeSecret(entry.value);
        entry.value = { id, isSecretRef: true };
        refs.push({ id });
      }
    }
  });
  policy.secret_references = refs;
}
