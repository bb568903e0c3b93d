/**
 * Markdown that fits a GitHub comment: GitHub refuses a comment body over 65,536 characters, and a
 * 1,000-object plan is several times that. A document is fixed lines (always kept) and sections of
 * items (an object's changes, a problem); items are kept in order while they fit, and a section that
 * had to leave some out says how many.
 */

/** Under GitHub's 65,536, with room for masks longer than the values they replace. */
export const MARKDOWN_LIMIT = 64_000;

export interface Section {
  /** Lines before the items (a `<details>` opening, a fence). */
  open: string[];
  /** Each item is a block of lines, kept or left out whole. */
  items: string[][];
  /** Lines right after the items (a fence's end). */
  close: string[];
  /** What to say when `n` items were left out (inside the fold, after `close`). */
  leftOut(n: number): string[];
  /** Lines that end the section (`</details>`). */
  end: string[];
}

export type Part = string[] | Section;

const size = (lines: string[]) => lines.reduce((n, l) => n + l.length + 1, 0);

/**
 * The parts as one document of at most `limit` characters (when the fixed parts fit); `note(n)` is
 * appended when `n` items were left out in all.
 */
export function fitMarkdown(parts: Part[], limit: number, note: (leftOut: number) => string[]): string {
  const sections = parts.filter((p): p is Section => !Array.isArray(p));
  const fixed = parts.reduce(
    (n, p) =>
      n +
      (Array.isArray(p) ? size(p) : size([...p.open, ...p.close, ...p.leftOut(p.items.length), ...p.end])),
    0,
  );
  let room = limit - fixed - size(note(sections.reduce((n, s) => n + s.items.length, 0)));
  const kept = new Map<Section, string[][]>();
  let leftOutTotal = 0;
  for (const section of sections) {
    const keep: string[][] = [];
    for (const item of section.items) {
      const cost = size(item);
      if (cost <= room) {
        keep.push(item);
        room -= cost;
      }
    }
    kept.set(section, keep);
    leftOutTotal += section.items.length - keep.length;
  }
  const lines: string[] = [];
  for (const part of parts) {
    if (Array.isArray(part)) {
      lines.push(...part);
      continue;
    }
    const keep = kept.get(part)!;
    const omitted = part.items.length - keep.length;
    lines.push(
      ...part.open,
      ...keep.flat(),
      ...part.close,
      ...(omitted > 0 ? part.leftOut(omitted) : []),
      ...part.end,
    );
  }
  if (leftOutTotal > 0) lines.push(...note(leftOutTotal));
  return `${lines.join("\n")}\n`;
}

/** Makes text safe inside a table cell or a list item: no HTML, no cell breaks. */
export function escapeCell(text: string): string {
  return text.replace(/[|<>]/g, (ch) => `\\${ch}`);
}

/** A line inside a ``` fence, which must never close it. */
export function inFence(line: string): string {
  return line.replace(/```/g, "`\u200b``");
}

/** The hidden first line a CI job finds its own comment by (`<!-- fleetform-plan -->`). */
export function marker(command: string): string {
  return `<!-- fleetform-${command} -->`;
}
