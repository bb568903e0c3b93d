import { Io } from "./io.js";

/** What every command gets: where to write, and where to put its exit code. */
export interface CliContext {
  io: Io;
  exitCode: number;
}

export function newContext(io = new Io()): CliContext {
  return { io, exitCode: 0 };
}

/** Wraps an action so that the number it returns becomes the process exit code. */
export function exitWith<A extends unknown[]>(
  ctx: CliContext,
  action: (...args: A) => Promise<number | undefined>,
) {
  return async (...args: A) => {
    ctx.exitCode = (await action(...args)) ?? 0;
  };
}
