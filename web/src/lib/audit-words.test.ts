import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AUDIT_WORDS, type AuditEventFacts, actorName, describeAuditEvent, summaryDetails } from './audit-words';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const literals = (code: string) => [...code.matchAll(/'([a-z_]+\.[a-z_]+)'/g)].map((m) => m[1] as string);

/** Dotted strings in server/commands that are not audit actions (queue names, table-qualified columns). */
const NOT_AUDIT_ACTIONS = new Set(['package.checks', 'closure.inventory']);
/** A table-qualified column in a query (`work_packages.tier`): tables are plural, audit actions singular (`work_package.classified`). */
const isQualifiedColumn = (name: string) => /^(packages|work_packages|projects|users|file_versions|package_files|releases)\./.test(name);

/**
 * Every audit action the server can write, found in its source: the dotted strings of the
 * commands (which write the audit) that are not error codes, the literals of every `auditBy(`
 * call anywhere in server/, and the `event` of every workflow transition.
 */
function auditActionsInSource(): Set<string> {
  const errorCodes = new Set(literals(read('server/domain/errors.ts')));
  const found = new Set<string>();
  for (const path of sourceFiles('server/commands')) {
    for (const name of literals(read(path))) if (!errorCodes.has(name) && !NOT_AUDIT_ACTIONS.has(name) && !isQualifiedColumn(name)) found.add(name);
  }
  for (const path of sourceFiles('server')) {
    for (const call of read(path).matchAll(/auditBy\(\s*\w+\s*,([^{]*)\{/g)) for (const name of literals(call[1] as string)) found.add(name);
  }
  for (const path of sourceFiles('common/workflow')) {
    for (const m of read(path).matchAll(/event: '([a-z_]+\.[a-z_]+)'/g)) found.add(m[1] as string);
  }
  return found;
}

const event = (action: string, summary: Record<string, unknown> = {}, actorLabel = 'Ada Lovelace <ada@example.org>'): AuditEventFacts => ({
  action,
  actorLabel,
  objectType: 'package',
  objectId: 'pkg-1',
  summary,
});

describe('every audit action has words', () => {
  it('finds the actions the server writes in its source', () => {
    const actions = auditActionsInSource();
    for (const known of ['package.file_added', 'package.upload_refused', 'package.submitted', 'opinion.revised', 'work_package.classified', 'session.signed_in', 'project.closed']) {
      expect(actions).toContain(known);
    }
    expect(actions.size).toBeGreaterThan(50);
  });

  it('has an entry in the wording table for each action the server writes', () => {
    const missing = [...auditActionsInSource()].filter((action) => !Object.hasOwn(AUDIT_WORDS, action));
    expect(missing).toEqual([]);
  });

  it('makes a sentence of every entry without placeholders, objects or raw JSON, with and without a summary', () => {
    const full = {
      path: 'results/t1.csv',
      version: 2,
      bytes: 4300,
      turn: 2,
      reviewTurn: 2,
      round: 1,
      role: 'investigator',
      name: 'Cohort',
      comment: 'Please round',
      reason: 'Small counts',
      from: {},
      to: {},
    };
    for (const action of Object.keys(AUDIT_WORDS)) {
      for (const summary of [{}, full]) {
        const sentence = describeAuditEvent(event(action, summary));
        expect(sentence, action).not.toMatch(/undefined|null|NaN|\[object|[{}]|^\s|\s$/);
        expect(sentence.charAt(0), action).toMatch(/[A-Z]/);
      }
    }
  });
});

describe('audit events in words', () => {
  it('says who added which version of which file, how large and from where', () => {
    const sentence = describeAuditEvent(
      event('package.file_version_added', { fileId: 'f1', path: 'results/table1.csv', version: 2, sha256: 'ab', bytes: 4300, mediaType: 'text/csv', source: 'upload' }),
    );
    expect(sentence).toBe('Ada Lovelace added version 2 of results/table1.csv (4.2 KB, uploaded)');
  });

  it('says a first file came from the output area', () => {
    expect(describeAuditEvent(event('package.file_added', { path: 'out/fig.png', version: 1, bytes: 12, source: 'output_area' }))).toBe(
      'Ada Lovelace added out/fig.png (12 bytes, from the output area)',
    );
  });

  it('gives the review turn of a submission', () => {
    expect(describeAuditEvent(event('package.submitted', { from: 'draft', to: 'checking', reviewTurn: 2 }))).toBe('Ada Lovelace submitted the package for review (turn 2)');
  });

  it('says who read which version from which address, and whether from outside the environment', () => {
    expect(describeAuditEvent(event('file.content_read', { path: 'results/t1.csv', version: 2, address: '10.0.0.5', inside: false }))).toBe(
      'Ada Lovelace read results/t1.csv version 2 from 10.0.0.5 (outside the environment)',
    );
  });

  it('quotes the reason of a re-check and counts the results set aside', () => {
    const sentence = describeAuditEvent(event('package.recheck_requested', { reason: 'Preset changed', superseded: { results: 3, presets: { acro: 3 }, verdicts: { pass: 3 } } }));
    expect(sentence).toBe('Ada Lovelace asked for the automated checks to run again (3 earlier results set aside): “Preset changed”');
  });

  it('names a reviewer’s decision on a file with its reason', () => {
    expect(describeAuditEvent(event('file.review_decided', { path: 'a.csv', version: 1, decision: 'must_not_leave', reasonCode: 'small_counts', turn: 1 }))).toBe(
      'Ada Lovelace decided a.csv version 1 must not leave (small counts, turn 1)',
    );
  });

  it('words the system’s moves as what happened, not who', () => {
    expect(describeAuditEvent(event('work_package.classified', { from: 'classifying', to: 'classified', tier: 1, policyVersion: 2, opinions: 3 }, 'checks stage'))).toBe(
      'The work package was classified at Tier 1 · Publishable (3 agreeing opinions, tier policy 2)',
    );
  });

  it('says what changed about a file', () => {
    expect(describeAuditEvent(event('package.file_changed', { path: 'a.csv', from: { role: 'output', category: 'table' }, to: { role: 'supporting', category: 'code' } }))).toBe(
      'Ada Lovelace changed a.csv: it is now a supporting file; category Table → Code',
    );
  });

  it('gives the preset before and after a change of the check settings', () => {
    expect(describeAuditEvent(event('project.check_settings_changed', { from: { preset: null, parameters: {}, tiers: {} }, to: { preset: 'acro', parameters: {}, tiers: {} } }))).toBe(
      'Ada Lovelace changed the disclosure-check settings (preset the default → acro)',
    );
  });

  it('leaves out what the summary does not hold', () => {
    expect(describeAuditEvent(event('package.context_updated', {}))).toBe('Ada Lovelace edited the package’s context');
    expect(describeAuditEvent(event('project.check_settings_changed', {}))).toBe('Ada Lovelace changed the disclosure-check settings');
    expect(describeAuditEvent(event('package.item_removed', {}))).toBe('Ada Lovelace temporarily removed a file');
    expect(describeAuditEvent(event('participant.removed', { userId: 'u2', role: 'investigator' }))).toBe('Ada Lovelace removed an investigator from the project');
  });

  it('falls back to the action’s words and the object for an action without wording', () => {
    const sentence = describeAuditEvent(event('package.widget_frobbed', { secret: 'x' }));
    expect(sentence).toBe('Ada Lovelace — package: widget frobbed (package pkg-1)');
  });

  it('names the actor without their address, keeping a token’s prefix', () => {
    expect(actorName('Ada Lovelace <ada@example.org> (token egr_ab12)')).toBe('Ada Lovelace (token egr_ab12)');
    expect(actorName('ada@example.org')).toBe('ada@example.org');
    expect(describeAuditEvent(event('session.sign_in_failed', {}, 'ada@example.org'))).toBe('A sign-in as ada@example.org failed');
  });

  it('keeps the raw summary for the details, and nothing for an empty one', () => {
    expect(summaryDetails({})).toBeNull();
    expect(summaryDetails({ path: 'a.csv' })).toBe('{\n  "path": "a.csv"\n}');
  });
});
