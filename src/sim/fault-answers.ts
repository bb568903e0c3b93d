/** The answers of misbehaving proxies and servers, for fault injection (see faults.ts). */
import type { IncomingMessage, ServerResponse } from "node:http";

const LOGIN_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form method="post" action="/login">' +
  '<input name="username"><input name="password" type="password"><button>Sign in</button></form></body></html>\n';

/** 200 with an HTML login page: what an authenticating proxy answers in Kibana's place. */
export function sendLoginPage(res: ServerResponse): void {
  res.writeHead(200, {
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(LOGIN_PAGE),
  });
  res.end(LOGIN_PAGE);
}

/** 302 to `target` + the request's path: a proxy sending the client elsewhere. */
export function sendRedirect(req: IncomingMessage, res: ServerResponse, target: string): void {
  const location = `${target.replace(/\/+$/, "")}${req.url ?? "/"}`;
  res.writeHead(302, { location, "content-type": "text/html; charset=utf-8", "content-length": 0 });
  res.end();
}

/** The JSON answer cut in half and ended cleanly (no length announced), as a proxy that gave up. */
export function sendTruncated(res: ServerResponse, status: number, body: unknown): void {
  const payload = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(payload.slice(0, Math.floor(payload.length / 2)));
}

/** 200 with a JSON body that never ends: 64 KiB every 10 ms until the client goes away. */
export function sendEndless(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
  res.write('{"items":[');
  const chunk = `${'{"id":"padding"},'.repeat(Math.floor(65536 / 17))}`;
  const timer = setInterval(() => {
    if (res.destroyed || res.writableEnded) clearInterval(timer);
    else res.write(chunk);
  }, 10);
  res.on("close", () => clearInterval(timer));
}
