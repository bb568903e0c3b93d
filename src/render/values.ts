import { alignSequences } from "../util/lcs.js";
import { SECRET_MASK } from "../util/secret-mask.js";

/**
 * How values read in a plan. Nothing is ever cut: a long value that changes past any cut would show
 * identical old → new. Values arrive already masked (the diff stage masks sensitive paths), so what
 * is shown here is safe to show whole.
 */

/** One value on one line, as JSON; `(none)` for absent, and a masked value as the bare mask. */
export function inline(value: unknown): string {
  if (value === SECRET_MASK) return SECRET_MASK;
  return JSON.stringify(value) ?? "(none)";
}

/** Text that reads better line by line (config_yaml, PEM certificates, YAML vars). */
export function isMultiline(value: unknown): value is string {
  return typeof value === "string" && value.includes("\n");
}

export interface DiffLine {
  sign: " " | "-" | "+";
  text: string;
}

/** Unchanged lines kept around each change; longer unchanged runs fold into one line, as Terraform does. */
const CONTEXT = 3;
/** A line-by-line diff of two texts (either may be absent), unchanged runs folded. */
export function lineDiff(before: unknown, after: unknown): (DiffLine | { folded: number })[] {
  return fold(diffLines(linesOf(before), linesOf(after)));
}

/** Text as its lines; an empty or absent value has none (a diff to "" removes every line, adds none). */
function linesOf(value: unknown): string[] {
  if (value === undefined || value === "") return [];
  return typeof value === "string" ? value.split("\n") : [inline(value)];
}

function diffLines(a: string[], b: string[]): DiffLine[] {
  return alignSequences(a, b).map((s) =>
    s.step === "keep"
      ? { sign: " ", text: a[s.i]! }
      : s.step === "remove"
        ? { sign: "-", text: a[s.i]! }
        : { sign: "+", text: b[s.j]! },
  );
}

function fold(lines: DiffLine[]): (DiffLine | { folded: number })[] {
  const near = lines.map((_, i) =>
    lines.slice(Math.max(0, i - CONTEXT), i + CONTEXT + 1).some((l) => l.sign !== " "),
  );
  const out: (DiffLine | { folded: number })[] = [];
  let run = 0;
  lines.forEach((line, i) => {
    if (near[i]) {
      if (run > 0) out.push({ folded: run });
      run = 0;
      out.push(line);
    } else run++;
  });
  if (run > 0) out.push({ folded: run });
  return out;
}

/** A diff as text lines: `- old`, `+ new`, `  same`, and `# (N unchanged lines hidden)`. */
export function diffText(before: unknown, after: unknown): string[] {
  return lineDiff(before, after).map((line) =>
    "folded" in line
      ? `  # (${line.folded} unchanged line${line.folded === 1 ? "" : "s"} hidden)`
      : `${line.sign} ${line.text}`,
  );
}
