/**
 * Measures the disclosure checks against a labelled corpus (a dev tool, not a test):
 *   npm run eval -- DIR LABELS.tsv [--preset NAME]
 * Prints per-category recall and precision of file-level verdicts (anything but `pass` counts
 * as flagged) and of finding families, then every miss and false alarm.
 *
 * A label lists detectors, each at the head of an item (`pii_email: …; exif_gps: …`): those
 * families are expected (recall). Its text may name more (`… (pii_email)`, `also row-level
 * microdata`, `report exif_gps or malformed_exif`, `docProps creator …`): a family found that
 * the label names anywhere is not counted as a false alarm in the second precision figure
 * ("named"); the first counts only the expected families.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScannedEntry } from '../common/contracts/scan.contract';
import { type PresetName, isPresetName } from '../server/checks/shared/presets';
import { scanPaths } from '../server/checks/engine/scan-paths';

const FAMILY_OF: [RegExp, string][] = [
  [/^exif_/, 'metadata'],
  [/^(docx_properties|pdf_metadata)$/, 'metadata'],
  [/^pii_/, 'pii'],
  [/^small_cells$/, 'sdc'],
  [/^microdata$/, 'microdata'],
  [/^notebook_outputs$/, 'notebook'],
  [/^(docx_|xlsx_|pdf_)/, 'hidden-content'],
  [/^archive_contains_secret$/, 'secrets'],
  [/^secret_/, 'secrets'],
  [/^archive/, 'archive'],
  [/^(malformed|encrypted)/, 'unreadable'],
];

/** Words in a label's text that name a family without heading an item. */
const NAMED_BY_WORD: [RegExp, string][] = [[/\bdocProps\b/, 'metadata']];

interface Label {
  file: string;
  category: string;
  families: Set<string>;
  /** The expected families and every other family the label's text names. */
  named: Set<string>;
  positive: boolean;
}

function familyOf(detector: string): string | undefined {
  return FAMILY_OF.find(([re]) => re.test(detector))?.[1];
}

function parseLabels(path: string): Label[] {
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [file = '', category = '', , , , , expected = ''] = line.split('\t');
    const families = new Set<string>();
    const named = new Set<string>();
    for (const item of expected.split(';').map((s) => s.trim())) {
      if (/^(clean|negative)/i.test(item)) continue;
      const detector = /^([a-z_]+)/.exec(item)?.[1];
      const family = detector ? familyOf(detector) : undefined;
      if (family) families.add(family);
      for (const [, word] of item.matchAll(/\b([a-z]+_[a-z_]+|microdata)\b/g)) {
        const mentioned = familyOf(word!);
        if (mentioned) named.add(mentioned);
      }
      for (const [re, fam] of NAMED_BY_WORD) if (re.test(item)) named.add(fam);
    }
    for (const fam of families) named.add(fam);
    return { file, category, families, named, positive: families.size > 0 };
  });
}

/** Families found in a file and everything inside it; `unreadable` for any unreadable part. */
function familiesFound(entry: ScannedEntry, out = new Set<string>()): Set<string> {
  if (entry.status === 'unreadable') out.add('unreadable');
  for (const f of entry.findings) if (f.severity !== 'info') out.add(f.family);
  for (const e of entry.entries) familiesFound(e, out);
  return out;
}

/** Verdicts (true/false positives and negatives) and families (hit, expected, found, found and named) of a category. */
const newCounts = () => ({ tp: 0, fp: 0, fn: 0, tn: 0, famHit: 0, famExpected: 0, famFound: 0, famNamed: 0 });
type Counts = ReturnType<typeof newCounts>;

const ratio = (a: number, b: number) => (b === 0 ? '  -  ' : (a / b).toFixed(2));

async function main(): Promise<void> {
  const [dir, labelsPath] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const presetArg = process.argv.indexOf('--preset');
  const preset = presetArg > 0 ? (process.argv[presetArg + 1] ?? 'acro') : 'acro';
  if (!dir || !labelsPath || !isPresetName(preset)) {
    console.error('usage: npm run eval -- DIR LABELS.tsv [--preset acro|opensafely|abs|datashield]');
    process.exitCode = 2;
    return;
  }
  const labels = parseLabels(labelsPath);
  const report = await scanPaths(
    labels.map((l) => join(dir, l.file)),
    { preset: preset as PresetName, packageKind: 'report', toolVersion: 'eval' },
  );
  const rows = new Map<string, Counts>();
  const notes: string[] = [];
  labels.forEach((label, i) => {
    const entry = report.files[i] as ScannedEntry;
    const flagged = entry.verdict !== 'pass' || entry.status === 'unreadable';
    const found = familiesFound(entry);
    const r = rows.get(label.category) ?? newCounts();
    if (label.positive && flagged) r.tp++;
    else if (label.positive) r.fn++;
    else if (flagged) r.fp++;
    else r.tn++;
    for (const fam of label.families) {
      r.famExpected++;
      if (found.has(fam)) r.famHit++;
      else notes.push(`MISS  ${label.file}: expected ${fam}`);
    }
    for (const fam of found) {
      r.famFound++;
      if (label.named.has(fam)) r.famNamed++;
      if (!label.families.has(fam)) notes.push(`EXTRA ${label.file}: found ${fam} (verdict ${entry.verdict})${label.named.has(fam) ? ' — named in the label' : ''}`);
    }
    rows.set(label.category, r);
  });
  const total = newCounts();
  console.log(`preset ${preset}; ${labels.length} files\n`);
  console.log('category            files  verdict-recall  verdict-precision  family-recall  family-precision  (named)');
  for (const [category, r] of [...rows].sort()) {
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r[k];
    const files = r.tp + r.fp + r.fn + r.tn;
    console.log(
      `${category.padEnd(20)}${String(files).padStart(5)}  ${ratio(r.tp, r.tp + r.fn).padStart(14)}  ${ratio(r.tp, r.tp + r.fp).padStart(17)}  ${ratio(r.famHit, r.famExpected).padStart(13)}  ${ratio(r.famHit, r.famFound).padStart(16)}  ${ratio(r.famNamed, r.famFound).padStart(7)}`,
    );
  }
  const t = total;
  console.log(
    `${'ALL'.padEnd(20)}${String(labels.length).padStart(5)}  ${ratio(t.tp, t.tp + t.fn).padStart(14)}  ${ratio(t.tp, t.tp + t.fp).padStart(17)}  ${ratio(t.famHit, t.famExpected).padStart(13)}  ${ratio(t.famHit, t.famFound).padStart(16)}  ${ratio(t.famNamed, t.famFound).padStart(7)}`,
  );
  console.log(`\n${notes.join('\n')}`);
}

await main();
