/**
 * Output secrets on update. Sources: FLEET/server/services/output.ts (`update`),
 * FLEET/server/services/secrets/outputs.ts (`extractAndUpdateOutputSecrets`, `getOutputSecretPaths`),
 * FLEET/server/services/secrets/common.ts (`extractAndUpdateSOSecrets`, `diffSOSecretPaths`).
 */
import { setValueAt } from "../../util/paths.js";
import type { Obj, Store } from "../store.js";
import { get } from "./secrets.js";

/** The secret paths of an output of this type that hold a (truthy) value: getOutputSecretPaths. */
export function outputSecretPaths(type: unknown, output: Obj): { path: string; value: any }[] {
  const paths: { path: string; value: any }[] = [];
  if (type === "kafka" && output.secrets?.password)
    paths.push({ path: "password", value: output.secrets.password });
  if (type === "remote_elasticsearch" && output.secrets?.service_token)
    paths.push({ path: "service_token", value: output.secrets.service_token });
  if (output.secrets?.ssl?.key) paths.push({ path: "ssl.key", value: output.secrets.ssl.key });
  return paths;
}

/**
 * With secret storage on: the `secrets` an update writes (the body's own, with new values stored and
 * replaced by references; undefined when the body has none) and the secrets it deletes. A stored secret
 * whose path the body does not carry is deleted from the secret store, but the update's merge keeps
 * the stored reference unless the body replaces `secrets` (`secrets: {}` clears them all).
 */
export function updateOutputSecrets(store: Store, stored: Obj, body: Obj, type: unknown): Obj | undefined {
  const oldPaths = outputSecretPaths(stored.type, stored);
  const newPaths = new Map(outputSecretPaths(type, body).map((p) => [p.path, p.value]));
  const secrets: Obj | undefined = body.secrets === undefined ? undefined : structuredClone(body.secrets);
  for (const old of oldPaths) {
    const next = newPaths.get(old.path);
    if (next === undefined || typeof next === "string") deleteSecret(store, old.value);
  }
  for (const [path, value] of newPaths) {
    if (typeof value === "string") setValueAt(secrets!, path.split("."), { id: store.storeSecret(value) });
  }
  return secrets;
}

/** With secret storage off, values sent under `secrets` are kept in their plain fields. */
export function plainOutputSecrets(body: Obj, type: unknown, data: Obj): void {
  const key = get(body, "secrets.ssl.key");
  if (!body.ssl?.key && key) data.ssl = { ...(body.ssl ?? {}), ...body.secrets.ssl };
  if (type === "kafka" && !body.password && body.secrets?.password) data.password = body.secrets.password;
  if (type === "remote_elasticsearch" && !body.service_token && body.secrets?.service_token)
    data.service_token = body.secrets.service_token;
}

/** deleteOutputSecrets: removing an output deletes the secrets it references. */
export function deleteOutputSecrets(store: Store, output: Obj): void {
  for (const p of outputSecretPaths(output.type, output)) deleteSecret(store, p.value);
}

function deleteSecret(store: Store, ref: unknown): void {
  if (ref && typeof ref === "object" && typeof (ref as Obj).id === "string")
    store.secrets.delete((ref as Obj).id);
}
