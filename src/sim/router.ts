/** A small router over OpenAPI path templates, shared by /api and /s/{space}/api. */
import type { Method, Route } from "./context.js";

interface Compiled {
  route: Route;
  segments: string[];
}

export interface Match {
  route: Route;
  params: Record<string, string>;
}

export class Router {
  private readonly byMethod = new Map<string, Map<number, Compiled[]>>();

  add(...routes: Route[]): void {
    for (const route of routes) {
      const segments = route.template.split("/").slice(1);
      let byLen = this.byMethod.get(route.method);
      if (!byLen) {
        byLen = new Map();
        this.byMethod.set(route.method, byLen);
      }
      let list = byLen.get(segments.length);
      if (!list) {
        list = [];
        byLen.set(segments.length, list);
      }
      list.push({ route, segments });
      // literal segments first, so /agent_policies/delete wins over /agent_policies/{id}
      list.sort((a, b) => literalScore(b.segments) - literalScore(a.segments));
    }
  }

  /** Whether any route exists for this path under another method (→ 404 vs 405 is not modelled: Kibana says 404). */
  match(method: Method, path: string): Match | undefined {
    const parts = path.split("/").slice(1);
    const list = this.byMethod.get(method)?.get(parts.length);
    if (!list) return undefined;
    for (const c of list) {
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = c.segments[i]!;
        if (seg.startsWith("{")) {
          if (parts[i] === "") {
            ok = false;
            break;
          }
          params[seg.slice(1, -1)] = decodeURIComponent(parts[i]!);
        } else if (seg !== parts[i]) {
          ok = false;
          break;
        }
      }
      if (ok) return { route: c.route, params };
    }
    return undefined;
  }
}

function literalScore(segments: string[]): number {
  return segments.reduce((n, s) => n + (s.startsWith("{") ? 0 : 1), 0);
}
