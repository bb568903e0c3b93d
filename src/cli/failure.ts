import { CommanderError } from "commander";
import { KibanaApiError, KibanaConnectionError } from "../client/errors.js";
import { CODES } from "../diagnostics/codes.js";
import { type Diagnostic, errorDiagnostic } from "../diagnostics/diagnostic.js";
import { formatDiagnostic } from "../render/diagnostics.js";
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

/** What went wrong: the diagnostics for the --json or Markdown document, and the lines for stderr. */
function describe(err: unknown): { stderr: string[]; problems: Diagnostic[] } {
  if (err instanceof CommanderError) {
    // Commander already printed its message (and the usage hint) on stderr.
    return {
      stderr: [],
      problems: [errorDiagnostic(err.message.replace(/^error: /, ""), undefined, CODES.usage)],
    };
  }
  if (err instanceof ManifestError) {
    // Each problem was printed at its place by loadValidManifest.
    return { stderr: [formatDiagnostic(errorDiagnostic(err.message))], problems: err.diagnostics };
  }
  const problem =
    err instanceof UserError
      ? errorDiagnostic(err.message, err.hint)
      : err instanceof KibanaConnectionError
        ? errorDiagnostic(err.message, connectionHint(err), CODES.connection)
        : err instanceof KibanaApiError
          ? errorDiagnostic(err.message, connectionHint(err), CODES.kibanaError)
          : errorDiagnostic((err as Error)?.message ?? String(err));
  const known =
    err instanceof UserError || err instanceof KibanaConnectionError || err instanceof KibanaApiError;
  const stack = !known && process.env.FLEETFORM_DEBUG ? [String((err as Error)?.stack)] : [];
  return { stderr: [formatDiagnostic(problem), ...stack], problems: [problem] };
}

/**
 * Reports a command that failed: the human text on stderr and, when `--json` or `--markdown` was
 * asked for and the command printed no document yet, a document of its errors on stdout (one
 * document, always: a CI job posts it in place of the plan). Returns the exit code.
 */
export function reportFailure(err: unknown, io: Io, document: WantedDocument | undefined): number {
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
