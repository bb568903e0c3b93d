/** ANSI colours, or plain text when `enabled` is false (not a terminal, NO_COLOR, TERM=dumb, --no-color). */
export function colors(enabled: boolean) {
  const wrap = (code: number) => (text: string) => (enabled ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { red: wrap(31), green: wrap(32), yellow: wrap(33), cyan: wrap(36) };
}

export type Colors = ReturnType<typeof colors>;

/**
 * Whether to colour output written to `stream`: FORCE_COLOR (not "0") forces it on; NO_COLOR, TERM=dumb
 * and `--no-color` turn it off; otherwise only a terminal gets colour.
 */
export function colorWanted(stream: NodeJS.WritableStream, env = process.env, noColorFlag = false): boolean {
  if (noColorFlag) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  return Boolean((stream as NodeJS.WriteStream).isTTY);
}
