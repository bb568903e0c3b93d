import { pointerKeys } from "../util/paths.js";

/** A JSON Pointer (`/inputs/nginx-nginx~1metrics/vars`) as people read a field: `inputs.nginx-nginx/metrics.vars`. */
export function fieldPath(pointer: string): string {
  return pointerKeys(pointer).join(".");
}
