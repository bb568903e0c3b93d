/**
 * fleetform as a library: load manifests, plan, apply, check drift and export live objects from your
 * own code, and the simulator for tests. The CLI is built on the same functions.
 */
export {
  type ApplyOptions,
  apply,
  type DriftReport,
  drift,
  type ExportedKind,
  type ExportOptions,
  type ExportReport,
  exportLive,
  type KibanaConnection,
  type PlanOptions,
  type PlanOutcome,
  plan,
} from "./api/library.js";
export { loadManifests, ManifestErrors } from "./api/manifests.js";
export type {
  ApplyReport,
  OperationResult,
  OperationStatus,
  PackageInstallResult,
} from "./apply/apply-plan.js";
export { KibanaApiError, KibanaConnectionError } from "./client/errors.js";
export { KibanaClient } from "./client/kibana-client.js";
export type { KibanaClientOptions, KibanaResponse } from "./client/types.js";
export type { Diagnostic, ObjectDiagnostic, SourceLocation } from "./diagnostics/diagnostic.js";
export { planChanges } from "./diff/plan-changes.js";
export type { Change, Plan, PlannedOperation } from "./diff/types.js";
export type { ExportedObject } from "./export/export-live.js";
export { KINDS } from "./kinds/index.js";
export type { KindName } from "./kinds/shapes.js";
export type { LoadedManifest } from "./load/types.js";
export { buildPlan, type PlanResult } from "./pipeline.js";
export type { Target } from "./read/target.js";
export { renderApplyMarkdown } from "./render/apply-markdown.js";
export { driftToJson, renderDriftMarkdown, renderDriftText } from "./render/drift.js";
export { applyReportToJson, planToJson } from "./render/json.js";
export { renderPlanMarkdown } from "./render/markdown.js";
export { renderApplySummary } from "./render/progress.js";
export { renderPlanText } from "./render/text.js";
export { type RunningSimulator, type SimulatorOptions, startSimulator } from "./sim/index.js";
