/**
 * One table redaction for bench/redact-table.bench.ts, in its own process so that its peak RSS
 * is its own: `node --import tsx bench/redact-one.ts suppress|round <in.csv> <out.csv>`. Runs
 * the operation as the redaction command does (ACRO preset, 256 MiB memory budget) and prints
 * its outcome's change count.
 */
import { statSync } from 'node:fs';
import { PRESETS } from '../server/checks/shared/presets';
import { roundOperation } from '../server/redaction/tables/round.operation';
import { suppressOperation } from '../server/redaction/tables/suppress.operation';

const [which, input, output] = process.argv.slice(2) as [string, string, string];
const op = which === 'round' ? roundOperation : suppressOperation;
const source = { path: input, name: 'counts.csv', bytes: statSync(input).size, mediaType: 'text/csv' };
const ctx = { parameters: PRESETS.acro, signal: new AbortController().signal, memoryBudgetBytes: 256 * 1024 * 1024, targets: [] };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each operation has its own parameter type
const outcome = await (op as any).apply(source, op.parameters.parse({}), output, ctx);
console.log(JSON.stringify({ changeCount: outcome.changeCount, notes: outcome.notes ?? [] }));
