/** One step of an alignment of two sequences: an element kept (at `i` before, `j` after), removed or inserted. */
export type AlignmentStep =
  | { step: "keep"; i: number; j: number }
  | { step: "remove"; i: number }
  | { step: "insert"; j: number };

/** Above this many element pairs, the middle aligns as all removed then all inserted instead of an LCS. */
const MAX_CELLS = 4_000_000;

/**
 * Aligns two sequences of comparable keys by a longest common subsequence: what is kept, in order,
 * and what is removed and inserted around it (removals first where both could come first). Used for
 * lines of text and for list elements, so that one insertion reads as one insertion.
 */
export function alignSequences(x: readonly string[], y: readonly string[]): AlignmentStep[] {
  // Common head and tail first: most edits touch a few elements of a long sequence.
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head++;
  let tail = 0;
  while (
    tail < x.length - head &&
    tail < y.length - head &&
    x[x.length - 1 - tail] === y[y.length - 1 - tail]
  )
    tail++;
  const steps: AlignmentStep[] = [];
  for (let k = 0; k < head; k++) steps.push({ step: "keep", i: k, j: k });
  steps.push(...middle(x.slice(head, x.length - tail), y.slice(head, y.length - tail), head));
  for (let k = tail; k > 0; k--) steps.push({ step: "keep", i: x.length - k, j: y.length - k });
  return steps;
}

function middle(x: readonly string[], y: readonly string[], offset: number): AlignmentStep[] {
  const removeAll = () => x.map((_, i) => ({ step: "remove" as const, i: offset + i }));
  const insertAll = () => y.map((_, j) => ({ step: "insert" as const, j: offset + j }));
  if (x.length === 0 || y.length === 0 || x.length * y.length > MAX_CELLS)
    return [...removeAll(), ...insertAll()];
  // Longest common subsequence, lengths from the end.
  const width = y.length + 1;
  const lcs = new Uint32Array((x.length + 1) * width);
  for (let i = x.length - 1; i >= 0; i--)
    for (let j = y.length - 1; j >= 0; j--)
      lcs[i * width + j] =
        x[i] === y[j]
          ? lcs[(i + 1) * width + j + 1]! + 1
          : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
  const out: AlignmentStep[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) out.push({ step: "keep", i: offset + i++, j: offset + j++ });
    else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)
      out.push({ step: "remove", i: offset + i++ });
    else out.push({ step: "insert", j: offset + j++ });
  }
  while (i < x.length) out.push({ step: "remove", i: offset + i++ });
  while (j < y.length) out.push({ step: "insert", j: offset + j++ });
  return out;
}
