/** fleetform's library surface: the simulator for tests, the client, and the pipeline stages. */
export { KibanaApiError, KibanaConnectionError } from "./client/errors.js";
export { KibanaClient } from "./client/kibana-client.js";
export type { KibanaClientOptions, KibanaResponse } from "./client/types.js";
export { planChanges } from "./diff/plan-changes.js";
export type { Plan, PlannedOperation } from "./diff/types.js";
export { KINDS } from "./kinds/index.js";
export { loadManifests } from "./load/index.js";
export { buildPlan } from "./pipeline.js";
export { startSimulator } from "./sim/index.js";
