import { describe, expect, it } from 'vitest';
import type { Finding, ScannedEntry } from '../../../common/contracts/scan.contract';
import { CONTRADICTION_RULES, findContradictions, summarizeFindings } from './findings-in-view';

const finding = (family: Finding['family'], severity: Finding['severity'] = 'review'): Finding => ({ family, rule: `${family}.x`, severity, message: 'A finding' });
const file = (findings: Finding[], entries: ScannedEntry[] = []): ScannedEntry => ({
  path: 'f',
  sha256: '0'.repeat(64),
  bytes: 1,
  mediaType: 'text/plain',
  status: 'checked',
  verdict: 'review',
  findings,
  entries,
});
const no = (question: string) => ({ question, version: 1, answer: false });

describe('the findings summary beside the questions', () => {
  it('counts files per family, not findings, and leaves out findings that are only information', () => {
    const summary = summarizeFindings([file([finding('pii'), finding('pii'), finding('sdc', 'block')]), file([finding('pii'), finding('metadata', 'info')]), file([])]);
    expect(summary).toEqual([
      { family: 'sdc', files: 1, description: '1 file contains tables with small or unrounded counts' },
      { family: 'pii', files: 2, description: '2 files contain personal identifiers (such as e-mail addresses or identity numbers)' },
    ]);
  });

  it('counts a file once for a family found in its archive entries', () => {
    expect(summarizeFindings([file([finding('secrets')], [file([finding('secrets')]), file([finding('notebook')])])]).map((s) => [s.family, s.files, s.description])).toEqual([
      ['notebook', 1, '1 file is a notebook whose outputs need a look'],
      ['secrets', 1, '1 file contains secrets (keys, tokens or passwords)'],
    ]);
  });
});

describe('answers that contradict the findings', () => {
  const pii = summarizeFindings([file([finding('pii')])]);
  const secrets = summarizeFindings([file([finding('secrets')])]);

  it('finds "no personal input" and "no new personal data" contradicted by personal identifiers', () => {
    const found = findContradictions([no('open_generate_new'), no('closed_personal'), no('include_commercial'), no('open_publication')], pii);
    expect(found.map((c) => [c.question, c.answer, c.families])).toEqual([
      ['open_generate_new', false, ['pii']],
      ['closed_personal', false, ['pii']],
    ]);
  });

  it('does not treat "no commercial material" as contradicted by secrets, nor any answer without findings', () => {
    expect(findContradictions([no('open_generate_new'), no('closed_personal'), no('include_commercial'), no('open_publication')], secrets)).toEqual([]);
    expect(findContradictions([no('closed_personal')], [])).toEqual([]);
  });

  it('keeps the rules small, as data: each names a question, an answer and finding families', () => {
    for (const rule of CONTRADICTION_RULES) expect(rule.families.length).toBeGreaterThan(0);
    expect(CONTRADICTION_RULES.map((r) => r.question)).toEqual(['open_generate_new', 'closed_personal']);
  });
});
