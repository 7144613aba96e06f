/**
 * One parameter of a redaction operation as a form field, chosen by its kind (lib/redaction-fields.ts):
 * text, a number, a switch, a list of options, a list (one item a line, or numbers separated by
 * commas) or JSON text. The label is the parameter's name in words, the description the
 * operation's own.
 */
import { NativeSelect, NumberInput, Switch, TextInput, Textarea } from '@mantine/core';
import type { RedactionParameterField } from '../../../../common/contracts/redaction.contract';

interface InputProps {
  value?: unknown;
  onChange?: unknown;
  error?: unknown;
  checked?: unknown;
}

/** "minCount" or "min_count" → "Min count". */
export function fieldLabel(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function hint(field: RedactionParameterField, extra?: string): string | undefined {
  const bounds =
    field.minimum !== undefined && field.maximum !== undefined
      ? `From ${field.minimum} to ${field.maximum}.`
      : field.minimum !== undefined
        ? `At least ${field.minimum}.`
        : field.maximum !== undefined
          ? `At most ${field.maximum}.`
          : '';
  const text = [field.description, bounds, extra].filter(Boolean).join(' ');
  return text || undefined;
}

export function RedactionParameterInput({ field, inputProps }: { field: RedactionParameterField; inputProps: InputProps }) {
  const common = { label: fieldLabel(field.name), withAsterisk: field.required, 'data-parameter': field.name };
  const props = inputProps as Record<string, unknown>;
  switch (field.type) {
    case 'boolean':
      return <Switch label={common.label} data-parameter={field.name} description={hint(field)} {...props} />;
    case 'number':
    case 'integer':
      return <NumberInput {...common} description={hint(field)} min={field.minimum} max={field.maximum} allowDecimal={field.type === 'number'} {...props} />;
    case 'enum':
      return (
        <NativeSelect
          {...common}
          description={hint(field)}
          data={[...(field.required ? [] : [{ value: '', label: 'The operation’s default' }]), ...(field.options ?? []).map((o) => ({ value: String(o), label: String(o) }))]}
          {...props}
        />
      );
    case 'string_list':
      return <Textarea {...common} description={hint(field, field.options ? `One a line, from: ${field.options.join(', ')}.` : 'One a line.')} autosize minRows={2} maxRows={6} {...props} />;
    case 'number_list':
      return <TextInput {...common} description={hint(field, 'Numbers separated by commas.')} {...props} />;
    case 'json':
      return <Textarea {...common} description={hint(field, 'As JSON.')} autosize minRows={2} maxRows={8} ff="monospace" {...props} />;
    case 'string':
      return field.options && field.options.length > 0 ? (
        <NativeSelect {...common} description={hint(field)} data={field.options.map((o) => String(o))} {...props} />
      ) : (
        <TextInput {...common} description={hint(field)} {...props} />
      );
  }
}
