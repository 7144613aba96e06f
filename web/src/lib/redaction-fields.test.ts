import { describe, expect, it } from 'vitest';
import type { RedactionParameterField } from '../../../common/contracts/redaction.contract';
import { type RedactionFormValues, initialParameterValues, parametersFromValues, redactionValidator } from './redaction-fields';

const field = (f: Partial<RedactionParameterField> & Pick<RedactionParameterField, 'name' | 'type'>): RedactionParameterField => ({ description: null, required: false, ...f });

const FIELDS: RedactionParameterField[] = [
  field({ name: 'threshold', type: 'integer', default: 10, minimum: 1, maximum: 100 }),
  field({ name: 'marker', type: 'string', required: true, default: '[c]' }),
  field({ name: 'ratio', type: 'number' }),
  field({ name: 'secondary', type: 'boolean', default: true }),
  field({ name: 'base', type: 'enum', options: [5, 10], default: 5 }),
  field({ name: 'columns', type: 'string_list', default: ['a', 'b'] }),
  field({ name: 'rows', type: 'number_list' }),
  field({ name: 'extra', type: 'json' }),
];

const form = (parameters: RedactionFormValues['parameters'], reason = ''): RedactionFormValues => ({ parameters, findingKeys: ['k1'], reason });

describe('the redaction form drawn from an operation’s fields', () => {
  it('starts every field at its default, in the form’s own shape', () => {
    expect(initialParameterValues(FIELDS)).toEqual({ threshold: 10, marker: '[c]', ratio: '', secondary: true, base: '5', columns: 'a\nb', rows: '', extra: '' });
  });

  it('sends the defaults back as parameters of their own types and leaves out empty optional fields', () => {
    expect(parametersFromValues(FIELDS, initialParameterValues(FIELDS))).toEqual({ threshold: 10, marker: '[c]', secondary: true, base: 5, columns: ['a', 'b'] });
    expect(parametersFromValues(FIELDS, { ...initialParameterValues(FIELDS), rows: '2, 5 7', extra: '{"a":[1]}', ratio: '0.5', secondary: false })).toMatchObject({
      rows: [2, 5, 7],
      extra: { a: [1] },
      ratio: 0.5,
      secondary: false,
    });
  });

  it('passes the defaults for a preview and asks for a reason before applying', () => {
    const values = form(initialParameterValues(FIELDS));
    expect(redactionValidator('preview', 'v_1', 'tables.suppress', FIELDS)(values)).toEqual({});
    expect(redactionValidator('apply', 'v_1', 'tables.suppress', FIELDS)(values)).toEqual({ reason: 'Say why (kept with the new version)' });
    expect(redactionValidator('propose', 'v_1', 'tables.suppress', FIELDS)({ ...values, reason: 'Counts below 10' })).toEqual({});
  });

  it('puts each refusal on the field it belongs to, in plain words', () => {
    const values = form({ ...initialParameterValues(FIELDS), threshold: 0, marker: '', ratio: 'many', base: '7', rows: '1, x', extra: '{oops' });
    expect(redactionValidator('preview', 'v_1', 'tables.suppress', FIELDS)(values)).toEqual({
      'parameters.threshold': 'At least 1',
      'parameters.marker': 'Required',
      'parameters.ratio': 'A number',
      'parameters.base': 'One of: 5, 10',
      'parameters.rows': 'Numbers only, separated by commas',
      'parameters.extra': 'Not valid JSON',
    });
    expect(redactionValidator('preview', 'v_1', 'x', [field({ name: 'n', type: 'integer', maximum: 3 })])(form({ n: 2.5 }))).toEqual({ 'parameters.n': 'A whole number' });
    expect(redactionValidator('preview', 'v_1', 'x', [field({ name: 'n', type: 'integer', maximum: 3 })])(form({ n: 4 }))).toEqual({ 'parameters.n': 'At most 3' });
  });
});
