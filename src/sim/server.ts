/** Request pipeline: spaces, faults, auth, kbn-xsrf, validation, routing, recording. */
import { appendFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { isReply, type Method, type SimContext } from "./context.js";
import { HttpError } from "./errors.js";
import { sendEndless, sendLoginPage, sendRedirect, sendTruncated } from "./fault-answers.js";
import type { FaultCounts, Faults } from "./faults.js";
import type { Router } from "./router.js";
import { validateBody, validateQuery } from "./validate.js";
import { answerOfVersion, LATEST_KIBANA_VERSION, refuseWhatVersionLacks } from "./versions.js";

export interface Credentials {
  apiKeys: string[];
  basic: { username: string; password: string }[];
}

export interface Control {
  /** `/__sim/...` control endpoints; return undefined for 404. */
  handle(method: string, path: string, body: any): unknown;
}

export interface PipelineOptions {
  router: Router;
  sim: () => SimContext;
  faults: Faults;
  credentials: Credentials;
  recordFile?: string;
  control: Control;
  onMutation: () => void;
  stats: {
    requests: number;
    byRoute: Record<string, number>;
    bySpace: Record<string, Record<string, number>>;
    faults: FaultCounts;
  };
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const SPACE_RE = /^\/s\/([^/]+)(\/.*)$/;

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

function authenticate(req: IncomingMessage, creds: Credentials): string | undefined {
  const header = req.headers.authorization ?? "";
  const space = header.indexOf(" ");
  if (space < 0) return undefined;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (scheme === "apikey" && creds.apiKeys.includes(value)) return "elastic";
  if (scheme === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const username = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    if (colon > 0 && creds.basic.some((b) => b.username === username && b.password === password))
      return username;
  }
  return undefined;
}

/** The whole request body (read with events: an async iterator per request costs more than the rest). */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () =>
      resolve(chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8")),
    );
    req.on("error", reject);
  });
}

function parseQuery(params: URLSearchParams): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [k, v] of params) {
    if (k in out) out[k] = [out[k]].flat().concat(v);
    else out[k] = v;
  }
  return out;
}

export function createHandler(o: PipelineOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://sim");
    let path = url.pathname;
    let space = "default";
    const m = SPACE_RE.exec(path);
    if (m) {
      space = decodeURIComponent(m[1]!);
      path = m[2]!;
    }
    const method = (req.method ?? "GET").toUpperCase() as Method;
    const rawBody = await readBody(req);
    try {
      if (path.startsWith("/__sim/")) {
        if (!authenticate(req, o.credentials)) throw new HttpError(401, "Unauthorized");
        const result = o.control.handle(method, path, rawBody ? JSON.parse(rawBody) : {});
        if (result === undefined) throw new HttpError(404, "Not Found");
        return send(res, 200, result);
      }
      if (!path.startsWith("/api/")) throw new HttpError(404, "Not Found");
    } catch (err) {
      return send(res, err instanceof HttpError ? err.statusCode : 400, errorBody(err));
    }

    const match = o.router.match(method, path);
    const template = match?.route.template ?? path;
    o.stats.requests++;
    const statKey = `${method} ${template}`;
    o.stats.byRoute[statKey] = (o.stats.byRoute[statKey] ?? 0) + 1;
    o.stats.bySpace[space] ??= {};
    o.stats.bySpace[space][statKey] = (o.stats.bySpace[space][statKey] ?? 0) + 1;

    if (o.faults.redirectTo) {
      o.stats.faults.redirect++;
      return sendRedirect(req, res, o.faults.redirectTo);
    }
    const fault = o.faults.decide();
    if (o.faults.latencyMs > 0) await sleep(o.faults.latencyMs);
    if (fault.kind !== "none") o.stats.faults[fault.kind]++;
    if (fault.kind === "html") return sendLoginPage(res);
    if (fault.kind === "endless") return sendEndless(res);
    if (fault.kind === "reset") {
      req.socket.destroy();
      return;
    }
    if (fault.kind === "fail") {
      const err = new HttpError(
        fault.status,
        fault.status === 429 ? "Too Many Requests" : "Service Unavailable",
      );
      return send(res, fault.status, err.toBody(), fault.status === 429 ? { "retry-after": "1" } : {});
    }

    const query = parseQuery(url.searchParams);
    // The record keeps the request as the client sent it: validation coerces and fills in place.
    const sentQuery = { ...query };
    const cap = o.faults.capPerPage;
    const capped = cap !== undefined && query.perPage !== undefined && Number(query.perPage) > cap;
    if (capped) query.perPage = String(cap);
    let sentBody: unknown;
    let requestBody: unknown;
    let status = 200;
    let responseBody: unknown;
    try {
      const user = authenticate(req, o.credentials);
      if (!user) throw new HttpError(401, "Unauthorized");
      if (MUTATING.has(method) && req.headers["kbn-xsrf"] === undefined) {
        throw new HttpError(400, "Request must contain a kbn-xsrf header.");
      }
      if (!match) throw new HttpError(404, "Not Found");
      if (rawBody.length > 0) {
        try {
          requestBody = JSON.parse(rawBody);
          // A second copy only for the record: validation and handlers change the first in place.
          if (o.recordFile) sentBody = JSON.parse(rawBody);
        } catch {
          throw new HttpError(400, "Invalid request payload JSON format");
        }
      }
      const key = `${method} ${template}`;
      validateQuery(key, query);
      refuseWhatVersionLacks(key, requestBody, o.sim().kibanaVersion ?? LATEST_KIBANA_VERSION);
      if (requestBody && typeof requestBody === "object" && !Array.isArray(requestBody)) {
        match.route.prepare?.(requestBody as Record<string, unknown>);
      }
      if (!match.route.customValidation) validateBody(key, requestBody);
      else if (requestBody === undefined || typeof requestBody !== "object" || requestBody === null) {
        throw new HttpError(400, "[request body]: expected a plain object value, but found [null] instead.");
      }
      o.faults.mangle(method, requestBody);
      const result = await match.route.handler(
        { method, space, params: match.params, query, body: requestBody, user },
        o.sim(),
      );
      if (isReply(result)) {
        status = result.status;
        responseBody = result.body;
      } else responseBody = result;
      responseBody = answerOfVersion(template, responseBody, o.sim().kibanaVersion ?? LATEST_KIBANA_VERSION);
      if (capped && o.faults.capPerPageEcho === "asked" && isList(responseBody)) {
        responseBody.perPage = Number(sentQuery.perPage);
      }
      if (MUTATING.has(method)) o.onMutation();
    } catch (err) {
      if (err instanceof HttpError) status = err.statusCode;
      else {
        status = 500;
        process.stderr.write(
          `fleetform sim: internal error on ${method} ${path}: ${(err as Error)?.stack ?? err}\n`,
        );
      }
      responseBody = errorBody(err);
    }
    if (o.recordFile) {
      const kibanaVersion = o.sim().kibanaVersion ?? LATEST_KIBANA_VERSION;
      const line = {
        method,
        path: template,
        query: sentQuery,
        requestBody: sentBody,
        status,
        responseBody,
        kibanaVersion,
      };
      appendFileSync(o.recordFile, `${JSON.stringify(line)}\n`);
    }
    if (fault.kind === "lost") {
      req.socket.destroy();
      return;
    }
    if (fault.kind === "truncate") return sendTruncated(res, status, responseBody);
    send(res, status, responseBody);
  };
}

function isList(body: unknown): body is { perPage: number } {
  return !!body && typeof body === "object" && "perPage" in body;
}

function errorBody(err: unknown): Record<string, unknown> {
  if (err instanceof HttpError) return err.toBody();
  if (err instanceof SyntaxError) return new HttpError(400, err.message).toBody();
  return new HttpError(500, "An internal server error occurred.").toBody();
}
