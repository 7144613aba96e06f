#!/usr/bin/env node
// The `egress` command. Runs the bundle that `npm install` builds into dist/cli
// (scripts/build-cli.ts) when every source file it was built from is unchanged; otherwise it runs
// the TypeScript sources through tsx, so an edit takes effect without a build and stale code
// never runs.
import { bundleIsCurrent } from './bundle.js';

let entry = '../dist/cli/cli.js';
if (!bundleIsCurrent()) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = '../server/entrypoints/cli.ts';
}
const { main } = await import(entry);
process.exitCode = await main(process.argv);
