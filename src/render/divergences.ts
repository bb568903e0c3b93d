import type { ApplyReport } from "../apply/apply-plan.js";
import { CODES } from "../diagnostics/codes.js";
import { type Diagnostic, type ObjectDiagnostic, subjectOf } from "../diagnostics/diagnostic.js";
import type { Divergence, Plan, PlannedOperation } from "../diff/types.js";
import { kindOf } from "../kinds/index.js";
import { pointerKeys } from "../util/paths.js";
import { fieldPath } from "./field-path.js";
import { inline } from "./values.js";

/**
 * The convergence check of apply, as warnings: each field Kibana stored otherwise than the manifest
 * says, at its place in the manifest, with what to write there so that the next plan is clean.
 */
export function divergenceWarnings(report: ApplyReport): ObjectDiagnostic[] {
  return report.results.flatMap((r) => (r.divergences ?? []).map((d) => divergenceWarning(r.operation, d)));
}

/** Deletes Kibana refused at plan time: apply never attempted them, and says so. */
export function blockedDeleteWarnings(plan: Plan): Diagnostic[] {
  return plan.blocked.map((b) => ({
    severity: "warning",
    code: CODES.deleteBlocked,
    message: `${kindOf(b.kind).noun} "${b.id}" was not deleted: ${b.reason}`,
  }));
}

export function divergenceWarning(op: PlannedOperation, d: Divergence): ObjectDiagnostic {
  const object = `${kindOf(op.kind).noun} "${op.id}"`;
  const field = fieldPath(d.path);
  const location = op.desired && (d.stated ? op.desired.locate(pointerKeys(d.path)) : op.desired.location);
  const base = {
    severity: "warning" as const,
    code: CODES.storedOtherwise,
    ...subjectOf(op),
    ...(location ? { location } : {}),
  };
  if (d.sensitive) {
    return {
      ...base,
      message: `${object}: Kibana stored the write-only value ${field} otherwise than written`,
      hint: "it cannot be shown; check the value in Kibana",
    };
  }
  if (d.kept === undefined) {
    return {
      ...base,
      message: `${object}: Kibana did not keep ${field} (the manifest says ${inline(d.wrote)})`,
      hint: `remove ${field} from the manifest, or every plan will show it again`,
    };
  }
  const asked = d.stated ? `where the manifest says ${inline(d.wrote)}` : "where the manifest leaves it out";
  return {
    ...base,
    message: `${object}: Kibana stored ${field} as ${inline(d.kept)} ${asked}`,
    hint: `write ${field}: ${inline(d.kept)} in the manifest, or every plan will show it again`,
  };
}
