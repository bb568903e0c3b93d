#!/usr/bin/env node
// Plain JavaScript entry point: the CLI lives in dist/, bundled into dist/bundle/ (built by `npm run build`,
// run by `npm ci`; scripts/build-cli.mjs says why).
import { main } from "../dist/bundle/main.js";

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`fleetform: internal error: ${err?.message ?? err}\n`);
    process.exitCode = 1;
  },
);
