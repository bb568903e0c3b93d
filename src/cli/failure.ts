import { CommanderError } from "commander";
import { KibanaApiError, KibanaConnectionError } from "../client/errors.js";
import type { Diagnostic } from "../load/types.js";
import { errorsToJson } from "../render/json.js";
import { renderErrorsMarkdown } from "../render/markdown.js";
import { connectionHint } from "./connection-hints.js";
import { ManifestError, UserError } from "./errors.js";
import type { Io } from "./io.js";

/** The commands whose `--json` or `--markdown` output is one document on stdout, whatever happens. */
const DOCUMENT_COMMANDS = new Set(["plan", "apply", "drift", "check-kibana"]);

/** The document a command owes its reader: one on stdout, whatever happens. */
export interface WantedDocument {
  format: "json" | "markdown";
  command: string;
}

/**
 * Whether argv (node, script, command, ...) asks for a `--json` or `--markdown` document: known
 * before commander parses anything, so that a bad option, too, is answered with a document.
 */
export function wantedDocument(argv: string[]): WantedDocument | undefined {
  const args = argv.slice(2);
  const end = args.indexOf("--");
  const options = end === -1 ? args : args.slice(0, end);
  const command = options.find((a) => !a.startsWith("-"));
  if (command === undefined || !DOCUMENT_COMMANDS.has(command)) return undefined;
  if (options.includes("--json")) return { format: "json", command };
  if (options.includes("--markdown")) return { format: "markdown", command };
  return undefined;
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
 * Reports a command that failed: the human text on stderr and, when `--json` or `--markdown` was
 * asked for and the command printed no document yet, a document of its errors on stdout (one
 * document, always: a CI job posts it in place of the plan). Returns the exit code.
 */
export function reportFailure(err: unknown, io: Io, document: WantedDocument | undefined): number {
  if (err instanceof CommanderError && (err.code === "commander.helpDisplayed" || err.exitCode === 0)) {
    return 0;
  }
  const { stderr, problems } = describe(err);
  for (const line of stderr) io.err(line);
  if (document && !io.wroteOut)
    io.out(
      document.format === "json"
        ? JSON.stringify(errorsToJson(problems), null, 2)
        : renderErrorsMarkdown(document.command, problems),
    );
  return 1;
}
