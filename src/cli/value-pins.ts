import { createHmac, randomBytes, type ScryptOptions, scrypt } from "node:crypto";
import { formatLocation } from "../diagnostics/diagnostic.js";
import { spacedId } from "../kinds/shapes.js";
import type { LoadedManifest, ManifestObject } from "../load/types.js";

/**
 * What a saved plan records of the values the manifests interpolated (`${env:}`, `${file:}`), so
 * `apply --plan` can refuse a value that changed since the review (a host switched to another URL)
 * without the plan file ever holding a value.
 *
 * Why the record does not reveal a value: each place holds HMAC-SHA256(K, place), where
 * K = scrypt(value, salt) and the salt is random per plan file. A plain or HMAC hash keyed by
 * something stored in the file would let anyone holding the file test guesses at full hash speed,
 * and a short secret (a 6-digit PIN, a word) falls in seconds. scrypt makes every guess cost about
 * 16 MiB of memory and a tenth of a second, the same for an attacker's GPU as for fleetform; the
 * random salt means nothing can be precomputed and the same secret looks unrelated in two plans;
 * the HMAC over the place means two places with the same value do not show it. What remains is
 * guessing one expensive candidate at a time: fine for real secrets, not for a 3-character one
 * (no scheme that lets apply recognise the value can be). The file is written 0600 for that reason.
 */
export interface ValuePins {
  /** `scrypt-N16384-r8-p1/hmac-sha256`: how the digests were made. */
  scheme: string;
  /** Base64, random per plan file. */
  salt: string;
  /** `kind/id#/json/pointer` → hex digest. */
  digests: Record<string, string>;
}

const SCHEME = "scrypt-N16384-r8-p1/hmac-sha256";
const SCRYPT: ScryptOptions = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function scryptKey(value: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(value, salt, 32, SCRYPT, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

function pointer(path: string[]): string {
  return `/${path.map((k) => k.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;
}

interface Place {
  key: string;
  object: ManifestObject;
  path: string[];
  value: string;
}

function places(manifest: LoadedManifest): Place[] {
  return manifest.objects.flatMap((object) =>
    (object.interpolated ?? []).map((path) => {
      const value = path.reduce<unknown>((node, k) => (node as Record<string, unknown>)?.[k], object.body);
      const id = spacedId(object.kind, object.id, object.space);
      return { key: `${object.kind}/${id}#${pointer(path)}`, object, path, value: String(value) };
    }),
  );
}

async function digests(list: Place[], salt: Buffer): Promise<Record<string, string>> {
  // One scrypt per distinct value (they run in parallel on libuv's pool), one cheap HMAC per place.
  const keys = new Map<string, Promise<Buffer>>();
  for (const p of list) if (!keys.has(p.value)) keys.set(p.value, scryptKey(p.value, salt));
  const out: Record<string, string> = {};
  for (const p of list)
    out[p.key] = createHmac("sha256", await keys.get(p.value)!)
      .update(p.key)
      .digest("hex");
  return out;
}

export async function pinValues(manifest: LoadedManifest): Promise<ValuePins> {
  const salt = randomBytes(16);
  return { scheme: SCHEME, salt: salt.toString("base64"), digests: await digests(places(manifest), salt) };
}

/** The places (never the values) whose interpolated value differs from what the plan recorded. */
export async function changedValues(
  saved: ValuePins | undefined,
  manifest: LoadedManifest,
): Promise<string[]> {
  const now = places(manifest);
  if (!saved || saved.scheme !== SCHEME) {
    return now.length === 0
      ? []
      : ["the plan file records no interpolated values (made by an older fleetform): they cannot be checked"];
  }
  const current = await digests(now, Buffer.from(saved.salt, "base64"));
  const where = (p: Place) => `${formatLocation(p.object.locate(p.path))} (${p.key})`;
  const reasons: string[] = [];
  for (const p of now) {
    if (!(p.key in saved.digests)) reasons.push(`${where(p)} interpolates a value the plan did not`);
    else if (saved.digests[p.key] !== current[p.key])
      reasons.push(`the value interpolated at ${where(p)} changed since the plan was made`);
  }
  const seen = new Set(now.map((p) => p.key));
  for (const key of Object.keys(saved.digests))
    if (!seen.has(key)) reasons.push(`${key} no longer interpolates the value the plan had`);
  return reasons;
}
