// Preloaded into each fleetform process the benchmark runs (`node --import ./bench/rusage.js bin/fleetform.js …`):
// on exit, writes the process's own CPU time, peak RSS and wall time since it started to
// $FLEETFORM_BENCH_RUSAGE. CPU is what the benchmark compares: the machine may be shared, wall time is noisy.
import { writeFileSync } from "node:fs";

const file = process.env.FLEETFORM_BENCH_RUSAGE;
if (file) {
  process.on("exit", () => {
    const u = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({
        wallMs: performance.now(),
        userMs: u.userCPUTime / 1000,
        sysMs: u.systemCPUTime / 1000,
        cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000,
        peakRssMB: u.maxRSS / 1024,
      }),
    );
  });
}
