/**
 * The redaction form's fields as React draws them (server-side rendering: no DOM needed): each
 * kind of parameter becomes its own control, with the operation's description, its bounds and
 * its options, starting at the value the form holds.
 */
import { MantineProvider } from '@mantine/core';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { RedactionParameterField } from '../../../../common/contracts/redaction.contract';
import { initialValueOf } from '../../lib/redaction-fields';
import { RedactionParameterInput, fieldLabel } from './RedactionParameterInput';

function render(field: RedactionParameterField): string {
  const value = initialValueOf(field);
  const inputProps = field.type === 'boolean' ? { checked: value, onChange: () => undefined } : { value, onChange: () => undefined };
  return renderToStaticMarkup(createElement(MantineProvider, null, createElement(RedactionParameterInput, { field, inputProps })));
}

const field = (f: Partial<RedactionParameterField> & Pick<RedactionParameterField, 'name' | 'type'>): RedactionParameterField => ({ description: null, required: false, ...f });

describe('a redaction parameter drawn as a form field', () => {
  it('names the field in words', () => {
    expect(fieldLabel('minCellCount')).toBe('Min cell count');
    expect(fieldLabel('drop_rows')).toBe('Drop rows');
  });

  it('draws an integer as a number input with its bounds, description and default', () => {
    const html = render(field({ name: 'threshold', type: 'integer', description: 'Counts below this are withheld.', default: 10, minimum: 1, maximum: 100 }));
    expect(html).toContain('Threshold');
    expect(html).toContain('Counts below this are withheld. From 1 to 100.');
    expect(html).toContain('mantine-NumberInput-root');
    expect(html).toMatch(/<input[^>]*data-parameter="threshold"[^>]*value="10"/);
  });

  it('draws a boolean as a switch, on when its default is true', () => {
    const html = render(field({ name: 'zeros', type: 'boolean', default: true }));
    expect(html).toMatch(/<input[^>]*type="checkbox"[^>]*checked=""/);
    expect(html).toContain('Zeros');
  });

  it('draws an enum as a list of its options, with the operation’s default for an optional one', () => {
    const html = render(field({ name: 'base', type: 'enum', options: [5, 10] }));
    expect(html).toContain('<select');
    expect(html).toContain('<option value="" selected="">The operation’s default</option>');
    expect(html).toContain('<option value="5">5</option>');
    expect(html).toContain('<option value="10">10</option>');
  });

  it('draws lists and JSON as text with the way to write them, and marks a required field', () => {
    expect(render(field({ name: 'columns', type: 'string_list', default: ['postcode'] }))).toMatch(/<textarea[^>]*>postcode<\/textarea>/);
    expect(render(field({ name: 'columns', type: 'string_list' }))).toContain('One a line.');
    expect(render(field({ name: 'rows', type: 'number_list' }))).toContain('Numbers separated by commas.');
    expect(render(field({ name: 'spec', type: 'json', default: { a: 1 } }))).toContain('As JSON.');
    expect(render(field({ name: 'marker', type: 'string', required: true, default: '[c]' }))).toMatch(/mantine-InputWrapper-required/);
    expect(render(field({ name: 'marker', type: 'string', default: '[c]' }))).not.toMatch(/mantine-InputWrapper-required/);
  });
});
