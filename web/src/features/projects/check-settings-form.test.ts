import { describe, expect, it } from 'vitest';
import { describeOwnChoice, formatOverridesText, formatParameterValue, parseOverridesText } from './check-settings-form';

describe('reading the overrides typed in the disclosure-checks form', () => {
  it('reads an empty box as no overrides', () => {
    expect(parseOverridesText('  \n')).toEqual({ ok: true, parameters: {} });
  });

  it('reads a JSON object of known parameters', () => {
    expect(parseOverridesText('{"minCellCount": 20, "zerosDisclosive": false}')).toEqual({ ok: true, parameters: { minCellCount: 20, zerosDisclosive: false } });
  });

  it('refuses text that is not JSON with an example', () => {
    expect(parseOverridesText('minCellCount = 20')).toEqual({ ok: false, message: 'Overrides must be a JSON object, e.g. {"minCellCount": 20}' });
  });

  it('names an unknown parameter, as the server and egress scan --config refuse it', () => {
    const result = parseOverridesText('{"minCellCoutn": 20}');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('unknown parameter "minCellCoutn"');
  });

  it('names a parameter of the wrong type or a negative number', () => {
    const wrong = parseOverridesText('{"zerosDisclosive": "no", "minCellCount": -1}');
    expect(!wrong.ok && wrong.message).toMatch(/^(zerosDisclosive: .+; minCellCount: .+|minCellCount: .+; zerosDisclosive: .+)$/);
  });

  it('shows overrides back as indented JSON that reads again to the same values', () => {
    expect(formatOverridesText({})).toBe('');
    const text = formatOverridesText({ minCellCount: 20 });
    expect(text).toBe('{\n  "minCellCount": 20\n}');
    expect(parseOverridesText(text)).toEqual({ ok: true, parameters: { minCellCount: 20 } });
  });
});

describe('showing settings to people', () => {
  it('writes booleans as yes/no and groups digits', () => {
    expect([formatParameterValue(true), formatParameterValue(false), formatParameterValue(67108864), formatParameterValue(undefined)]).toEqual(['yes', 'no', '67,108,864', '–']);
  });

  it('describes a level that chooses nothing as inheriting, and otherwise what it chooses', () => {
    expect(describeOwnChoice(undefined)).toBe('inherits');
    expect(describeOwnChoice({ preset: null, parameters: {} })).toBe('inherits');
    expect(describeOwnChoice({ preset: 'abs', parameters: { minCellCount: 12, zerosDisclosive: true } })).toBe('preset abs; minCellCount 12; zerosDisclosive yes');
  });
});
