import { colorWanted } from "../render/colors.js";
import { Redactor } from "../render/redact.js";

/** Streams whose reader went away (`fleetform plan | head`): further output to them is dropped. */
const closedStreams = new WeakSet<NodeJS.WritableStream>();
const guardedStreams = new WeakSet<NodeJS.WritableStream>();

/**
 * A reader that stops reading closes the pipe, and the next write fails with EPIPE. That is no error
 * of the command: the rest of its output is dropped quietly and it finishes its work (an apply is
 * never cut short because its reader left), exiting with its usual code. Any other write error stays
 * fatal, as it would be without this listener.
 */
function dropOutputOnceClosed(stream: NodeJS.WritableStream): void {
  if (guardedStreams.has(stream)) return;
  guardedStreams.add(stream);
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE" && err.code !== "ERR_STREAM_DESTROYED") throw err;
    closedStreams.add(stream);
  });
}

/** Where a command writes: stdout for results, stderr for progress and errors, both redacted. */
export class Io {
  private redactor = new Redactor([]);
  private secrets: string[] = [];
  private wrote = false;

  constructor(
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WritableStream = process.stderr,
  ) {
    dropOutputOnceClosed(stdout);
    dropOutputOnceClosed(stderr);
  }

  /** Registers values that must never be printed (interpolated values, credentials). */
  addSecrets(values: Iterable<string | undefined>): void {
    for (const v of values) if (v) this.secrets.push(v);
    this.redactor = new Redactor(this.secrets);
  }

  redact(text: string): string {
    return this.redactor.redact(text);
  }

  /** Whether anything went to stdout (with --json, the one document). */
  get wroteOut(): boolean {
    return this.wrote;
  }

  out(text: string): void {
    this.wrote = true;
    if (closedStreams.has(this.stdout)) return;
    this.stdout.write(this.redact(text.endsWith("\n") ? text : `${text}\n`));
  }

  err(text: string): void {
    if (closedStreams.has(this.stderr)) return;
    this.stderr.write(this.redact(text.endsWith("\n") ? text : `${text}\n`));
  }

  /** Writes to stderr as is, without a newline (the live progress line). */
  errWrite(text: string): void {
    if (closedStreams.has(this.stderr)) return;
    this.stderr.write(this.redact(text));
  }

  /** Whether stderr is a terminal (a live progress line), and how wide. */
  get errTerminal(): { tty: boolean; columns?: number } {
    const stream = this.stderr as NodeJS.WriteStream;
    return { tty: Boolean(stream.isTTY), columns: stream.columns };
  }

  /** Set by `--no-color`, wherever it stands on the command line. */
  noColor = false;

  get colors(): boolean {
    return colorWanted(this.stdout, process.env, this.noColor);
  }

  get errColors(): boolean {
    return colorWanted(this.stderr, process.env, this.noColor);
  }
}

/**
 * Joins the writes made within `ms` into one. stderr to a pipe or file is written synchronously, one
 * system call per write: an apply of thousands of operations, one progress line each, spent seconds
 * there (and blocked on a slow reader). A terminal's live line is written as is, not through this.
 */
export function coalescingWriter(write: (text: string) => void, ms = 100) {
  let pending = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!pending) return;
    const text = pending;
    pending = "";
    write(text);
  };
  // Whatever is pending when the process ends is still written.
  process.once("exit", flush);
  return {
    write(text: string): void {
      pending += text;
      if (pending.length >= 64 * 1024) flush();
      else if (!timer) {
        timer = setTimeout(flush, ms);
        timer.unref?.();
      }
    },
    flush,
  };
}
