import { CommanderError } from "commander";
import { KibanaApiError, KibanaConnectionError } from "../client/errors.js";
import type { Diagnostic } from "../load/types.js";
import { errorsToJson } from "../render/json.js";
import { connectionHint } from "./connection-hints.js";
import { ManifestError, UserError } from "./errors.js";
import type { Io } from "./io.js";

/** The commands whose `--json` output is one document on stdout, whatever happens. */
const JSON_COMMANDS = new Set(["plan", "apply", "drift", "check-kibana"]);

/**
 * Whether argv (node, script, command, ...) asks for the `--json` document: known before commander
 * parses anything, so that a bad option, too, is answered with a document.
 */
export function wantsJsonDocument(argv: string[]): boolean {
  const args = argv.slice(2);
  const end = args.indexOf("--");
  const options = end === -1 ? args : args.slice(0, end);
  const command = options.find((a) => !a.startsWith("-"));
  return command !== undefined && JSON_COMMANDS.has(command) && options.includes("--json");
}

/** What went wrong, for people: the human lines for stderr, and the problems for the --json document. */
function describe(err: unknown): { stderr: string[]; problems: Diagnostic[] } {
  if (err instanceof CommanderError) {
    // Commander already printed its message (and the usage hint) on stderr.
    return { stderr: [], problems: [{ message: err.message.replace(/^error: /, "") }] };
  }
  if (err instanceof ManifestError) {
    // Each problem was printed at its place by loadValidManifest.
    return { stderr: [`error: ${err.message}`], problems: err.diagnostics };
  }
  if (err instanceof UserError) {
    return {
      stderr: [`error: ${err.message}${err.hint ? `\n  ${err.hint}` : ""}`],
      problems: [{ message: err.message, ...(err.hint ? { hint: err.hint } : {}) }],
    };
  }
  if (err instanceof KibanaConnectionError || err instanceof KibanaApiError) {
    const hint = connectionHint(err);
    return {
      stderr: [`error: ${err.message}`, ...(hint ? [`  ${hint}`] : [])],
      problems: [{ message: err.message, ...(hint ? { hint } : {}) }],
    };
  }
  const message = (err as Error)?.message ?? String(err);
  const stack = process.env.FLEETFORM_DEBUG ? [String((err as Error)?.stack)] : [];
  return { stderr: [`error: ${message}`, ...stack], problems: [{ message }] };
}

/**
 * Reports a command that failed: the human text on stderr and, when `--json` was asked for and the
 * command printed no document yet, a document of its errors on stdout (one document, always).
 * Returns the exit code.
 */
export function reportFailure(err: unknown, io: Io, json: boolean): number {
  if (err instanceof CommanderError && (err.code === "commander.helpDisplayed" || err.exitCode === 0)) {
    return 0;
  }
  const { stderr, problems } = describe(err);
  for (const line of stderr) io.err(line);
  if (json && !io.wroteOut) io.out(JSON.stringify(errorsToJson(problems), null, 2));
  return 1;
}
