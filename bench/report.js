// The issue #13 targets checked against a benchmark run, and the Markdown table for the README.

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const n = (x) => x.toLocaleString("en-US");

/** Each target: what was measured, the limit, and whether it was met. */
export function targetsOf(r) {
  const full = r.sizes.find((x) => x.size === r.objects);
  const at1k = r.sizes.find((x) => x.size === 1000);
  const get = (set, name) => set.steps.find((st) => st.name.startsWith(name));
  const out = [];
  const add = (what, value, limit, met, unit = "") =>
    out.push({ what, value: Number(value.toFixed(2)), limit, unit, met });
  for (const name of ["--help", "--version"]) {
    const st = r.startup.find((x) => x.name === name);
    add(`fleetform ${name}: CPU`, st.cpuMs, 150, st.cpuMs <= 150, "ms");
  }
  const validate = r.startup.find((x) => x.name.startsWith("validate"));
  add("validate of a 4-object manifest: CPU", validate.cpuMs, 300, validate.cpuMs <= 300, "ms");
  for (const name of ["plan, nothing to do", "drift, none", "export"]) {
    const st = get(full, name);
    add(`${name} at ${n(r.objects)}: CPU`, st.cpuMs, 1500, st.cpuMs <= 1500, "ms");
    add(`${name} at ${n(r.objects)}: peak RSS`, st.peakRssMB, 250, st.peakRssMB <= 250, "MB");
    const ratio = st.wallMs / st.listReadMs;
    add(`${name} at ${n(r.objects)}: wall ÷ list-read lower bound`, ratio, 1.5, ratio <= 1.5, "×");
  }
  const plan = get(full, "plan, nothing to do");
  const speedup = full.refresh.wallMs / plan.wallMs;
  add(`per-object refresh ÷ plan at ${n(r.objects)} (wall)`, speedup, "≥ 10", speedup >= 10, "×");
  if (at1k && r.objects !== 1000) {
    const speedup1k = at1k.refresh.wallMs / get(at1k, "plan, nothing to do").wallMs;
    add("per-object refresh ÷ plan at 1,000 (wall)", speedup1k, "≥ 3", speedup1k >= 3, "×");
  }
  for (const name of ["apply ", "apply 1% change"]) {
    const st = name === "apply " ? full.steps[0] : get(full, name);
    const ratio = st.wallMs / st.lowerBoundMs;
    add(`${st.name}: wall ÷ lower bound`, ratio, 1.3, ratio <= 1.3, "×");
    if (st.withListsBoundMs !== undefined) {
      // The same limit against a bound that counts the list pages its plan must read before writing.
      const withLists = st.wallMs / st.withListsBoundMs;
      add(`${st.name}: wall ÷ lower bound with the list reads`, withLists, 1.3, withLists <= 1.3, "×");
    }
  }
  const curve = r.sizes
    .filter((x) => !x.error)
    .map((x) => ({ size: x.size, cpuMs: get(x, "plan, nothing to do").cpuMs }));
  if (curve.length >= 3) {
    const slope = (a, b) => (b.cpuMs - a.cpuMs) / (b.size - a.size);
    const first = slope(curve[0], curve[1]);
    const last = slope(curve.at(-2), curve.at(-1));
    // Linear: the CPU each extra object costs does not grow with the number of objects.
    add("plan CPU per extra object, largest ÷ smallest sizes", last / first, 1.5, last / first <= 1.5, "×");
  }
  return out;
}

export function markdownReport(r) {
  const full = r.sizes.find((x) => x.size === r.objects);
  const lines = [
    `${n(r.objects)} objects, ${r.latencyMs} ms simulator latency, apply concurrency ${r.concurrency};`,
    `Node ${r.node}, ${r.cpus} CPUs (load average ${r.loadAverage.map((l) => l.toFixed(1)).join(", ")} while measured).`,
    "CPU is user + system time of the fleetform process; wall time depends on the machine's load.",
    "",
    "| step | wall | CPU | peak RSS | requests | bound (same run) | bound with list reads (same run) | simulator CPU |",
    "| ---- | ---- | --- | -------- | -------- | ---------------- | -------------------------------- | ------------- |",
  ];
  for (const st of r.startup) {
    lines.push(
      `| \`${st.name}\` (median of ${st.runs}) | ${s(st.wallMs)} | ${s(st.cpuMs)} | ${st.peakRssMB.toFixed(0)} MB | | | | |`,
    );
  }
  for (const st of full.steps) {
    const bound =
      st.lowerBoundMs !== undefined
        ? `${s(st.lowerBoundMs)} (${n(st.mutations)} writes)`
        : st.listReadMs !== undefined
          ? `${s(st.listReadMs)} (list pages alone)`
          : "";
    const withLists =
      st.withListsBoundMs !== undefined
        ? `${s(st.withListsBoundMs)} (${s(st.listReadMs)} list pages + the writes)`
        : "";
    lines.push(
      `| ${st.name} | ${s(st.wallMs)} | ${s(st.cpuMs)} | ${st.peakRssMB.toFixed(0)} MB | ${n(st.requests)} | ${bound} | ${withLists} | ${st.simCpuMs !== undefined ? s(st.simCpuMs) : ""} |`,
    );
  }
  lines.push(
    "",
    "Plan with nothing to do, by size, beside a per-object refresh (one GET per object, parallelism 10):",
    "",
  );
  lines.push(
    "| objects | plan wall | plan CPU | CPU per 1,000 | peak RSS | list pages alone | per-object refresh | refresh ÷ plan |",
  );
  lines.push(
    "| ------- | --------- | -------- | ------------- | -------- | ---------------- | ------------------ | -------------- |",
  );
  for (const x of r.sizes) {
    if (x.error) {
      lines.push(`| ${n(x.size)} | ${x.error.replaceAll("|", "\\|")} | | | | | | |`);
      continue;
    }
    const plan = x.steps.find((st) => st.name === "plan, nothing to do");
    lines.push(
      `| ${n(x.size)} | ${s(plan.wallMs)} | ${s(plan.cpuMs)} | ${((plan.cpuMs / x.size) * 1000).toFixed(0)} ms | ${plan.peakRssMB.toFixed(0)} MB | ${s(plan.listReadMs)} | ${x.refresh ? s(x.refresh.wallMs) : ""} | ${x.refresh ? `${(x.refresh.wallMs / plan.wallMs).toFixed(1)}×` : ""} |`,
    );
  }
  lines.push("", "| target | measured | limit | met |", "| ------ | -------- | ----- | --- |");
  for (const t of r.targets)
    lines.push(`| ${t.what} | ${t.value} ${t.unit} | ${t.limit} ${t.unit} | ${t.met ? "yes" : "**no**"} |`);
  const change = r.targets.filter((t) => t.what.startsWith("apply 1% change"));
  if (change.length === 2) lines.push("", changeTargetNote(change[0], change[1]));
  return `${lines.join("\n")}\n`;
}

/**
 * Which bound the 1% change target is met against: the writes alone (the issue's bound, which the
 * target is held to), or only the bound that counts the list pages its plan reads first.
 */
function changeTargetNote(writesOnly, withLists) {
  const verdict = writesOnly.met
    ? "met against the bound of its writes alone (and so against the bound with the list reads)"
    : withLists.met
      ? "met only against the bound with the list reads, not against the bound of its writes alone, which it is held to"
      : "met against neither bound";
  return `The 1% change target (${writesOnly.limit}×) is ${verdict}.`;
}
