/**
 * Semver precedence of package versions (packages use semver: `1.0.0-beta` < `1.0.0`): numeric
 * `major.minor.patch`, then a release above its prereleases, then the prerelease's dot-separated
 * identifiers (numeric ones numerically and below text ones, text in ASCII order, fewer below more).
 * Build metadata (`+…`) does not count.
 */
export function compareVersions(a: string, b: string): number {
  const split = (v: string) => {
    const [core = "", ...pre] = v.split("+")[0]!.split("-");
    return { core: core.split(".").map((n) => Number.parseInt(n, 10) || 0), pre: pre.join("-") };
  };
  const [va, vb] = [split(a), split(b)];
  for (let i = 0; i < Math.max(va.core.length, vb.core.length, 3); i++) {
    const d = (va.core[i] ?? 0) - (vb.core[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (va.pre === vb.pre) return 0;
  if (va.pre === "") return 1;
  if (vb.pre === "") return -1;
  const [pa, pb] = [va.pre.split("."), vb.pre.split(".")];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const [x, y] = [pa[i]!, pb[i]!];
    if (x === y) continue;
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny) return Math.sign(Number(x) - Number(y));
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return Math.sign(pa.length - pb.length);
}
