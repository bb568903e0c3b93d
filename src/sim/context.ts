/** Types shared by the router and the resource handlers. */
import type { PackageInfo } from "../packages/types.js";
import type { Obj, Store } from "./store.js";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface SimContext {
  store: Store;
  catalog: PackageInfo[];
  /** The Kibana version played (default: the newest, src/sim/versions.ts). */
  kibanaVersion?: string;
}

export interface Req {
  method: Method;
  /** Kibana space of the request ("default" without an /s/{space} prefix). */
  space: string;
  params: Record<string, string>;
  query: Record<string, any>;
  body: any;
  /** Authenticated user name (for updated_by / created_by). */
  user: string;
}

export interface Reply {
  status: number;
  body: unknown;
}

export type Handler = (req: Req, sim: SimContext) => unknown;

export interface Route {
  method: Method;
  /** OpenAPI path template, e.g. /api/fleet/outputs/{outputId}. */
  template: string;
  handler: Handler;
  /** Applies schema defaults that the contract marks required-but-nullable, before validation. */
  prepare?: (body: Obj) => void;
  /** Body validated by the route itself instead of the contract schema (e.g. Cases, io-ts). */
  customValidation?: boolean;
}

export const reply = (status: number, body: unknown): Reply & { __reply: true } => ({
  status,
  body,
  __reply: true,
});

export function isReply(v: unknown): v is Reply {
  return typeof v === "object" && v !== null && (v as { __reply?: boolean }).__reply === true;
}

export const nowIso = () => new Date().toISOString();
