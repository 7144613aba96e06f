/**
 * `text.mask`: hides chosen values in a text file (plain text, Markdown, CSV/TSV cells, JSON,
 * source code) or in a notebook's cell sources, each replaced whole by a marker of its kind
 * (`[EMAIL REMOVED]`, `[PHONE REMOVED]`, `[SECRET REMOVED]`…). What to hide: the chosen findings
 * (the context's targets: rule and line, never the value), and/or every value of some rules or
 * families (`pii`, `secrets`).
 *
 * A text file is streamed line by line (text-lines.ts), so its size does not matter; lines with
 * nothing to hide stay byte-identical, with their encoding and line ends. The file is read again
 * until a pass changes nothing: the output is then exactly what the checks would read, with no
 * chosen value left (normally two passes).
 *
 * Example: `{ families: ['pii'] }` on `contacts.csv` turns `Ada,ada@example.org,020 7946 0958`
 * into `Ada,[EMAIL REMOVED],[PHONE REMOVED]`; its outcome lists `{ location: { line: 2, column: 5 },
 * change: 'masked as [EMAIL REMOVED]' }` and the phone's, never a value.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { isTextType } from '../../checks/formats/detect-type';
import type { CheckContext, FileInfo } from '../../checks/engine/types';
import { MAX_LISTED_CHANGES, RedactionError, type RedactionChange, type RedactionOperation, type RedactionOutcome, type RedactionSource } from '../types';
import { LineMasker, type MaskedValue } from './line-masker';
import { MASKABLE_FAMILIES, buildSelection } from './mask-selection';
import { maskNotebookSources, readNotebookJson, writeNotebookJson } from './notebook-sources';
import { rewriteLines } from './text-lines';

export const textMaskParameters = z
  .object({
    /** Rules whose every value is masked (`pii.email`). */
    rules: z
      .array(z.string().regex(/^[a-z-]+\.[a-z0-9_]+$/))
      .max(100)
      .optional(),
    /** Families whose every value is masked. */
    families: z.array(z.enum(MASKABLE_FAMILIES)).max(MASKABLE_FAMILIES.length).optional(),
  })
  .strict();
export type TextMaskParameters = z.infer<typeof textMaskParameters>;

/** Passes over a file before giving up: each pass only finds what masking the last one revealed. */
const MAX_PASSES = 8;

function isNotebook(file: Pick<RedactionSource, 'name' | 'mediaType'>): boolean {
  return file.mediaType === 'application/x-ipynb+json' || (file.name.toLowerCase().endsWith('.ipynb') && /json|^text\/plain/.test(file.mediaType));
}

function isJson(file: Pick<RedactionSource, 'name' | 'mediaType'>): boolean {
  return /json/.test(file.mediaType) || /\.(?:json|geojson|jsonl|ndjson)$/i.test(file.name);
}

function outcomeOf(masked: (MaskedValue & { cellIndex?: number })[], notes: string[]): RedactionOutcome {
  const changes: RedactionChange[] = masked.slice(0, MAX_LISTED_CHANGES).map((m) => ({
    location: { ...(m.cellIndex !== undefined ? { cellIndex: m.cellIndex } : {}), line: m.line, column: m.column },
    change: `masked as ${m.marker}`,
  }));
  return { changeCount: masked.length, changes, ...(notes.length ? { notes } : {}) };
}

/** The chosen findings that were not found again on their lines (a stale version, or a line already masked). */
function missedTargetsNote(targets: { rule: string; location?: { line?: number } }[], masked: MaskedValue[]): string[] {
  const hit = new Set(masked.map((m) => `${m.line}|${m.rule}`));
  const missed = targets.filter((t) => !hit.has(`${t.location?.line}|${t.rule}`)).length;
  return missed > 0
    ? [`${missed} chosen finding${missed === 1 ? ' was' : 's were'} not found again on ${missed === 1 ? 'its line' : 'their lines'}; nothing was masked for ${missed === 1 ? 'it' : 'them'}`]
    : [];
}

async function maskTextFile(
  source: RedactionSource,
  params: TextMaskParameters,
  outPath: string,
  ctx: CheckContext & { memoryBudgetBytes: number; targets: RedactionSourceTargets },
): Promise<RedactionOutcome> {
  const selection = buildSelection(params, ctx.targets);
  const file: FileInfo = { path: source.name, name: source.name.toLowerCase(), bytes: source.bytes, mediaType: source.mediaType };
  const quoteOutsideStrings = isJson(source);
  const masked: MaskedValue[] = [];
  const temps = [`${outPath}.pass-a`, `${outPath}.pass-b`];
  let input = source.path;
  let result: string | undefined;
  try {
    for (let pass = 0; pass < MAX_PASSES && result === undefined; pass++) {
      const output = temps[pass % 2]!;
      const masker = new LineMasker(file, ctx, selection, { quoteOutsideStrings });
      const changed = await rewriteLines(
        input,
        output,
        (text, lineNo) => {
          const r = masker.line(text, lineNo);
          if (!r) return undefined;
          masked.push(...r.masked);
          return r.text;
        },
        { maxLineBytes: ctx.memoryBudgetBytes, signal: ctx.signal },
      );
      if (changed === 0) result = input;
      input = output;
    }
    if (result === undefined) throw new Error('masking did not settle: a marker keeps being read as a value');
    if (result === source.path) throw new RedactionError('redaction.nothing_to_change', 'None of the chosen values was found in the file');
    await rename(result, outPath);
  } finally {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
  }
  return outcomeOf(masked, missedTargetsNote(ctx.targets, masked));
}

type RedactionSourceTargets = Parameters<RedactionOperation['apply']>[3]['targets'];

async function maskNotebook(
  source: RedactionSource,
  params: TextMaskParameters,
  outPath: string,
  ctx: CheckContext & { memoryBudgetBytes: number; targets: RedactionSourceTargets },
): Promise<RedactionOutcome> {
  if (source.bytes > ctx.memoryBudgetBytes) throw new RedactionError('redaction.too_large', `The notebook is larger than the memory budget (${ctx.memoryBudgetBytes} bytes)`);
  const layout = readNotebookJson(await readFile(source.path));
  const file: FileInfo = { path: source.name, name: source.name.toLowerCase(), bytes: source.bytes, mediaType: source.mediaType };
  const masked = maskNotebookSources(layout.nb, file, ctx, params, ctx.targets);
  if (masked.length === 0) throw new RedactionError('redaction.nothing_to_change', 'None of the chosen values was found in the cell sources');
  await writeFile(outPath, writeNotebookJson(layout));
  const hit = new Set(masked.map((m) => `${m.cellIndex}|${m.line}|${m.rule}`));
  const missed = ctx.targets.filter((t) => !hit.has(`${t.location?.cellIndex}|${t.location?.line}|${t.rule}`)).length;
  return outcomeOf(masked, missed > 0 ? [`${missed} chosen finding(s) not found again in the cell sources; nothing was masked for them`] : []);
}

export const textMaskOperation: RedactionOperation<TextMaskParameters> = {
  id: 'text.mask',
  family: 'text',
  title: 'Mask values in text',
  description: 'Replaces chosen personal identifiers and secrets (or every one of a rule or family) in a text file or notebook source with a visible marker such as [EMAIL REMOVED].',
  parameters: textMaskParameters,
  supports: (file) => isNotebook(file) || isTextType(file.mediaType),
  async apply(source, params, outPath, ctx) {
    if (!this.supports(source)) throw new RedactionError('redaction.unsupported_format', `Masking works on text files and notebooks, not ${source.mediaType}`);
    const checkContext = { parameters: ctx.parameters, packageKind: 'report' as const, signal: ctx.signal, findingsPerRule: Number.POSITIVE_INFINITY };
    const full = { ...checkContext, memoryBudgetBytes: ctx.memoryBudgetBytes, targets: ctx.targets };
    return isNotebook(source) ? maskNotebook(source, params, outPath, full) : maskTextFile(source, params, outPath, full);
  },
};
