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
/** Above this many line pairs the diff is old-then-new instead of a longest-common-subsequence. */
const MAX_CELLS = 4_000_000;

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
  // Common head and tail first: most edits touch a few lines of a long text.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const same = (lines: string[]) => lines.map((text) => ({ sign: " " as const, text }));
  return [...same(a.slice(0, head)), ...middle(x, y), ...same(a.slice(a.length - tail))];
}

function middle(x: string[], y: string[]): DiffLine[] {
  const removed = x.map((text) => ({ sign: "-" as const, text }));
  const added = y.map((text) => ({ sign: "+" as const, text }));
  if (x.length === 0 || y.length === 0 || x.length * y.length > MAX_CELLS) return [...removed, ...added];
  // Longest common subsequence, lengths from the end.
  const width = y.length + 1;
  const lcs = new Uint32Array((x.length + 1) * width);
  for (let i = x.length - 1; i >= 0; i--)
    for (let j = y.length - 1; j >= 0; j--)
      lcs[i * width + j] =
        x[i] === y[j]
          ? lcs[(i + 1) * width + j + 1]! + 1
          : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      out.push({ sign: " ", text: x[i]! });
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) out.push({ sign: "-", text: x[i++]! });
    else out.push({ sign: "+", text: y[j++]! });
  }
  while (i < x.length) out.push({ sign: "-", text: x[i++]! });
  while (j < y.length) out.push({ sign: "+", text: y[j++]! });
  return out;
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
