import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINDING_FAMILIES } from '../../common/vocab/findings';
import { RULE_CATALOGUE } from './catalogue';

const ROOT = import.meta.dirname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

const files = sources(ROOT).map((path) => ({ rel: relative(ROOT, path).replaceAll('\\', '/'), text: readFileSync(path, 'utf8') }));
const code = files.filter((f) => !/\.test\.ts$|\.testing\.ts$|test-[a-z-]+\.ts$/.test(f.rel) && !f.rel.startsWith('catalogue'));
const tests = files.filter((f) => f.rel.endsWith('.test.ts') && !f.rel.startsWith('catalogue'));

/** The family whose rules a file emits without naming the family (a family folder, or a shared helper one family owns). */
function familyOf(rel: string): string | undefined {
  if (rel === 'shared/document-properties.ts') return 'metadata';
  return /^families\/([a-z-]+)\//.exec(rel)?.[1];
}

/** Every rule id the code can emit, read from the ways findings are built. */
function emittedRules(): Set<string> {
  const ids = new Set<string>();
  for (const { rel, text } of code) {
    for (const m of text.matchAll(/finding\(\s*'([a-z-]+)',\s*'([a-z_0-9]+)'/g)) ids.add(`${m[1]}.${m[2]}`);
    for (const m of text.matchAll(/rule:\s*'([a-z-]+\.[a-z_0-9]+)'/g)) ids.add(m[1]!);
    const family = familyOf(rel);
    if (!family) continue;
    // FindingBudget.add/addAt(out, 'rule', …), secrets' add('rule', …), token formats' and document properties' `rule: 'x'`.
    for (const m of text.matchAll(/\badd(?:At)?\(\s*(?:\w+,\s*)?'([a-z_0-9]+)'/g)) ids.add(`${family}.${m[1]}`);
    for (const m of text.matchAll(/\brule:\s*'([a-z_0-9]+)'/g)) ids.add(`${family}.${m[1]}`);
    // Rules named by a union type (sdc's Rule, pii's NumberKind) or returned by a classifier (secrets' assignments).
    for (const m of text.matchAll(/type (?:Rule|NumberKind) = ([^;]+);/g)) for (const r of m[1]!.matchAll(/'([a-z_0-9]+)'/g)) ids.add(`${family}.${r[1]}`);
    if (rel === 'families/secrets/secrets.check.ts') for (const m of text.matchAll(/return '([a-z_0-9]+)';/g)) ids.add(`${family}.${m[1]}`);
  }
  return ids;
}

describe('the rule catalogue', () => {
  const catalogued = new Set(RULE_CATALOGUE.map((e) => e.id));

  it('lists every rule a family can emit', () => {
    const missing = [...emittedRules()].filter((id) => !catalogued.has(id));
    expect(missing).toEqual([]);
  });

  it('lists only rules some family emits', () => {
    const emitted = emittedRules();
    expect(RULE_CATALOGUE.filter((e) => !emitted.has(e.id)).map((e) => e.id)).toEqual([]);
  });

  it('lists every rule the tests expect a finding of', () => {
    const expected = new Set<string>();
    const families = FINDING_FAMILIES.join('|');
    for (const { text } of tests) {
      for (const m of text.matchAll(new RegExp(`'((?:${families})\\.[a-z_0-9]+)(?:/(?:info|review|block))?'`, 'g'))) expected.add(m[1]!);
    }
    // Notebook metadata fields the notebook tests name, not rules.
    const notRules = new Set(['metadata.author', 'metadata.authors']);
    expect([...expected].filter((id) => !catalogued.has(id) && !notRules.has(id))).toEqual([]);
  });

  it('gives each rule its family prefix, a unique id, a meaning and an example', () => {
    expect(new Set(RULE_CATALOGUE.map((e) => e.id)).size).toBe(RULE_CATALOGUE.length);
    for (const e of RULE_CATALOGUE) {
      expect(e.id.startsWith(`${e.family}.`)).toBe(true);
      expect(e.meaning.length).toBeGreaterThan(5);
      expect(e.example.length).toBeGreaterThan(2);
    }
  });
});
