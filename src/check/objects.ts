/**
 * The representative objects `check-kibana` creates: the samples of every kind (src/kinds: one of each
 * output type), each with a create body and an update that changes what users change most. Every id
 * and name starts with the run's prefix (`fleetform-check-<token>`), so that cleanup finds exactly what
 * the run made.
 */
import { KINDS } from "../kinds/index.js";
import { identityField, type KindName } from "../kinds/shapes.js";

export const CHECK_PREFIX = "fleetform-check-";
/** The write-only value of the remote Elasticsearch output, interpolated so that it is masked everywhere. */
export const SERVICE_TOKEN_VAR = "FLEETFORM_CHECK_SERVICE_TOKEN";

type Body = Record<string, unknown>;

/** One representative object: a row of the check's table. */
export interface Subject {
  kind: KindName;
  /** What distinguishes it from other rows of its kind (the output type). */
  variant?: string;
  /** Manifest identity (`owner` for Cases settings). */
  id: string;
  create: Body;
  update: Body;
}

/** Kinds the check never writes, with why (reported as rows that were not checked). */
export const NOT_CHECKED: { kind: KindName; reason: string }[] = KINDS.flatMap((k) =>
  k.check && "skipped" in k.check ? [{ kind: k.name, reason: k.check.skipped }] : [],
);

const HOST = "fleetform-check.invalid";

export function checkSubjects(prefix: string, system: { name: string; version: string }): Subject[] {
  const idOf = (suffix: string) => `${prefix}-${suffix}`;
  const run = { host: HOST, idOf, system, secret: `\${env:${SERVICE_TOKEN_VAR}}` };
  return KINDS.flatMap((kind) =>
    (kind.check && "samples" in kind.check ? kind.check.samples(run) : []).map((sample) => {
      const named = sample.suffix ? { id: idOf(sample.suffix), name: idOf(sample.suffix) } : {};
      const create: Body = { ...named, ...sample.create };
      return {
        kind: kind.name,
        ...(sample.variant ? { variant: sample.variant } : {}),
        id: String(create[identityField(kind.name)]),
        create,
        update: { ...create, ...sample.update },
      };
    }),
  );
}

/** The manifest of one phase: each subject's body of that phase, in its section. */
export function manifestOf(subjects: Subject[], phase: "create" | "update"): Record<string, Body[]> {
  const sections: Record<string, Body[]> = {};
  for (const s of subjects) sections[s.kind] = [...(sections[s.kind] ?? []), s[phase]];
  return sections;
}
