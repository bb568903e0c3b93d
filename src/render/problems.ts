import type { PlanProblem } from "../diff/types.js";
import { formatLocation } from "../validate/format.js";

/**
 * One plan problem as people read it, the same in every renderer (plan, apply, drift; text and
 * Markdown): where it is (file:line:column, else the object), what is wrong, and what to do.
 */
export interface ProblemText {
  where: string;
  message: string;
  hint?: string;
}

export function describeProblem(p: PlanProblem): ProblemText {
  return {
    where: p.location ? formatLocation(p.location) : `${p.kind}/${p.id}`,
    message: p.message,
    ...(p.hint ? { hint: p.hint } : {}),
  };
}

/** `  ✗ file:line:column: message`, then the hint indented below it (text output). */
export function problemTextLines(problems: PlanProblem[], mark = "✗"): string[] {
  return problems.flatMap((p) => {
    const { where, message, hint } = describeProblem(p);
    const hints = hint ? hint.split("\n").map((line) => `      ${line}`) : [];
    return [`  ${mark} ${where}: ${message}`, ...hints];
  });
}

/** One list item per problem, the hint as a nested item (Markdown output). */
export function problemMarkdownLines(
  problems: PlanProblem[],
  escapeText: (text: string) => string,
  mark?: string,
): string[] {
  return problems.flatMap((p) => {
    const { where, message, hint } = describeProblem(p);
    return [
      `- ${mark ? `${mark} ` : ""}\`${where}\`: ${escapeText(message)}`,
      ...(hint ? [`  - ${escapeText(hint)}`] : []),
    ];
  });
}
