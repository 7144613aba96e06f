#!/usr/bin/env node
// The `egress` command. Runs the TypeScript sources through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/entrypoints/cli.ts');
process.exitCode = await main(process.argv);
