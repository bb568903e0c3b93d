/**
 * One HTTP exchange through undici's dispatcher: the request, then the answer's status, headers and
 * whole body as text, within a time limit and a size limit. It speaks to the dispatcher directly
 * rather than through `undici.request`: that wraps every answer in a stream, an abort signal and its
 * listeners, which an apply of thousands of writes paid for on every one of them.
 */
import { StringDecoder } from "node:string_decoder";
import type { Dispatcher } from "undici";
import { BodyTooLargeError } from "./answer.js";

export interface ExchangeRequest {
  method: string;
  /** The full URL (its origin picks the connection pool, its path and query go on the request line). */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Time for the whole answer, headers and body alike. */
  timeMs: number;
  /** What `timeMs` running out fails the exchange with. */
  timeout: () => Error;
  maxBodyBytes: number;
  /** The caller's stop: aborting it fails the exchange with its reason (a read no longer needed). */
  signal?: AbortSignal;
}

export interface ExchangeAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as text; empty for a redirect, whose body is never read. */
  text: string;
}

/**
 * Sends one request and reads its answer. A redirect (3xx) is answered at its headers and its body
 * dropped with its connection, as is a body past `maxBodyBytes` (which fails with BodyTooLargeError).
 * A connection error, or the time running out, fails the exchange.
 */
export function exchange(dispatcher: Dispatcher, request: ExchangeRequest): Promise<ExchangeAnswer> {
  const target = new URL(request.url);
  return new Promise<ExchangeAnswer>((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    /** Set once the exchange must stop: a request not yet sent is stopped as soon as it starts. */
    let stopWith: Error | undefined;
    const stop = (reason: Error) => {
      stopWith = reason;
      controller?.abort(reason);
    };
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener("abort", abortedByCaller);
      outcome();
    };
    const fail = (err: Error) => finish(() => reject(err));
    const timer = setTimeout(() => {
      const err = request.timeout();
      fail(err);
      stop(err);
    }, request.timeMs);
    const abortedByCaller = () => {
      const reason = request.signal?.reason as Error;
      fail(reason);
      stop(reason);
    };
    if (request.signal?.aborted) return abortedByCaller();
    request.signal?.addEventListener("abort", abortedByCaller, { once: true });

    // Decoded as it arrives: each chunk can go at once, instead of all of them and their
    // concatenation living beside the text (a list page is megabytes, and several are read at a time).
    const decoder = new StringDecoder("utf8");
    let text = "";
    let size = 0;
    let status = 0;
    let headers: ExchangeAnswer["headers"] = {};
    try {
      dispatcher.dispatch(
        {
          origin: target.origin,
          path: `${target.pathname}${target.search}`,
          method: request.method as Dispatcher.HttpMethod,
          headers: request.headers,
          body: request.body,
          // Our own deadline covers the whole answer; undici's per-phase timeouts only back it up.
          headersTimeout: request.timeMs + 1_000,
          bodyTimeout: request.timeMs + 1_000,
        },
        {
          onRequestStart(started) {
            controller = started;
            if (stopWith) started.abort(stopWith);
          },
          onResponseStart(_controller, statusCode, answerHeaders) {
            status = statusCode;
            headers = answerHeaders;
            if (statusCode >= 300 && statusCode < 400) {
              finish(() => resolve({ status, headers, text: "" }));
              stop(new Error("redirect: its body is not read"));
            }
          },
          onResponseData(_controller, chunk) {
            size += chunk.length;
            if (size > request.maxBodyBytes) {
              const err = new BodyTooLargeError(request.maxBodyBytes, status);
              fail(err);
              stop(err);
              return;
            }
            text += decoder.write(chunk);
          },
          onResponseEnd() {
            finish(() => resolve({ status, headers, text: text + decoder.end() }));
          },
          onResponseError(_controller, err) {
            fail(err);
          },
        },
      );
    } catch (err) {
      fail(err as Error);
    }
  });
}
