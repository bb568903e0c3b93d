import { Redactor } from "../render/redact.js";

/** Where a command writes: stdout for results, stderr for progress and errors, both redacted. */
export class Io {
  private redactor = new Redactor([]);
  private secrets: string[] = [];

  constructor(
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WritableStream = process.stderr,
  ) {}

  /** Registers values that must never be printed (interpolated values, credentials). */
  addSecrets(values: Iterable<string | undefined>): void {
    for (const v of values) if (v) this.secrets.push(v);
    this.redactor = new Redactor(this.secrets);
  }

  redact(text: string): string {
    return this.redactor.redact(text);
  }

  out(text: string): void {
    this.stdout.write(this.redact(text.endsWith("\n") ? text : `${text}\n`));
  }

  err(text: string): void {
    this.stderr.write(this.redact(text.endsWith("\n") ? text : `${text}\n`));
  }

  get colors(): boolean {
    return Boolean((this.stdout as NodeJS.WriteStream).isTTY) && !process.env.NO_COLOR;
  }
}
