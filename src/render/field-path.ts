/** A JSON Pointer (`/inputs/nginx-nginx~1metrics/vars`) as people read a field: `inputs.nginx-nginx/metrics.vars`. */
export function fieldPath(pointer: string): string {
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");
}
