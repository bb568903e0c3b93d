#!/usr/bin/env node
// Plain JavaScript entry point: the compiled CLI lives in dist/ (built by `npm run build`, run by `npm ci`).
import { main } from "../dist/cli/main.js";

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`fleetform: internal error: ${err?.message ?? err}\n`);
    process.exitCode = 1;
  },
);
