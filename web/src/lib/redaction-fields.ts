/**
 * The redaction form drawn from an operation's `fields` (common/contracts/redaction.contract.ts),
 * as pure functions: the form's starting values (each field's default), the parameters a
 * request sends (empty optional fields left out so the operation's own default applies), and a
 * zod schema of those parameters built from the fields, which extends the contract's request
 * schema so one `contractValidator` checks the whole request and puts each error on its field.
 *
 * Kinds of field and how the form holds them:
 * string → text; number, integer → a number ('' when empty); boolean → a switch; enum → the
 * option's text (options may be numbers or booleans, turned back on the way out); string_list →
 * one item a line; number_list → numbers separated by commas or spaces; json → JSON text.
 *
 * Example: fields `[{ name: 'threshold', type: 'integer', required: false, default: 10, minimum: 1 }]`
 * start as `{ threshold: 10 }`; the value '' sends `{}`; 0 is refused with "At least 1".
 */
import { z } from 'zod';
import {
  REDACTION_REASON_MAX_LENGTH,
  type RedactionParameterField,
  applyRedactionRequestSchema,
  proposeRedactionRequestSchema,
  redactionPreviewRequestSchema,
} from '../../../common/contracts/redaction.contract';
import { contractValidator } from './contract-form';

/** What one field holds in the form. */
export type ParameterValue = string | number | boolean;
export type ParameterValues = Record<string, ParameterValue>;

/** The whole redaction form: the operation's parameters, the findings it targets, and why (for apply and propose). */
export interface RedactionFormValues {
  parameters: ParameterValues;
  findingKeys: string[];
  reason: string;
}

/** A JSON field whose text does not parse: kept as is so the schema can refuse it on its field. */
export class InvalidJson {
  constructor(readonly text: string) {}
}

/** The value a field starts with: its default where it has one, else empty. */
export function initialValueOf(field: RedactionParameterField): ParameterValue {
  const d = field.default;
  switch (field.type) {
    case 'boolean':
      return d === true;
    case 'number':
    case 'integer':
      return typeof d === 'number' ? d : '';
    case 'enum':
      return d === undefined || d === null ? '' : String(d);
    case 'string_list':
      return Array.isArray(d) ? d.map(String).join('\n') : '';
    case 'number_list':
      return Array.isArray(d) ? d.map(String).join(', ') : '';
    case 'json':
      return d === undefined ? '' : JSON.stringify(d, null, 2);
    case 'string':
      return typeof d === 'string' ? d : '';
  }
}

export function initialParameterValues(fields: RedactionParameterField[]): ParameterValues {
  return Object.fromEntries(fields.map((f) => [f.name, initialValueOf(f)]));
}

const isBlank = (value: ParameterValue | undefined) => value === undefined || (typeof value === 'string' && value.trim() === '');

/** The parameter sent for one field; undefined leaves it out (empty), so the operation's default applies. */
export function parameterOf(field: RedactionParameterField, value: ParameterValue | undefined): unknown {
  if (field.type === 'boolean') return value === true;
  if (isBlank(value)) return undefined;
  const text = String(value).trim();
  switch (field.type) {
    case 'number':
    case 'integer':
      return typeof value === 'number' ? value : Number(text);
    case 'enum':
      return (field.options ?? []).find((o) => String(o) === text) ?? text;
    case 'string_list':
      return text
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean);
    case 'number_list':
      return text
        .split(/[\s,;]+/)
        .filter(Boolean)
        .map(Number);
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return new InvalidJson(text);
      }
    case 'string':
      return String(value);
  }
}

/** The `parameters` of a request from the form's values. */
export function parametersFromValues(fields: RedactionParameterField[], values: ParameterValues): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  for (const field of fields) {
    const parameter = parameterOf(field, values[field.name]);
    if (parameter !== undefined) parameters[field.name] = parameter;
  }
  return parameters;
}

const REQUIRED = 'Required';

function withBounds(schema: z.ZodNumber, field: RedactionParameterField): z.ZodNumber {
  let bounded = schema;
  if (field.minimum !== undefined) bounded = bounded.min(field.minimum, { error: `At least ${field.minimum}` });
  if (field.maximum !== undefined) bounded = bounded.max(field.maximum, { error: `At most ${field.maximum}` });
  return bounded;
}

const numberSchema = (integer: boolean, field: RedactionParameterField) =>
  withBounds(
    integer
      ? z.number({ error: (issue) => (issue.input === undefined ? REQUIRED : 'A whole number') }).int({ error: 'A whole number' })
      : z.number({ error: (issue) => (issue.input === undefined ? REQUIRED : 'A number') }),
    field,
  );

const optionsSchema = (options: NonNullable<RedactionParameterField['options']>) =>
  z.custom<string | number | boolean>((v) => options.some((o) => o === v), { error: (issue) => (issue.input === undefined ? REQUIRED : `One of: ${options.join(', ')}`) });

/** The schema of one field's parameter, with messages in plain words. */
export function fieldSchema(field: RedactionParameterField): z.ZodType {
  const options = field.options && field.options.length > 0 ? field.options : undefined;
  let schema: z.ZodType;
  switch (field.type) {
    case 'string':
      schema = options ? optionsSchema(options) : z.string({ error: REQUIRED });
      break;
    case 'number':
    case 'integer':
      schema = numberSchema(field.type === 'integer', field);
      break;
    case 'boolean':
      schema = z.boolean({ error: REQUIRED });
      break;
    case 'enum':
      schema = optionsSchema(options ?? []);
      break;
    case 'string_list':
      schema = z.array(options ? optionsSchema(options) : z.string(), { error: REQUIRED }).min(field.required ? 1 : 0, { error: REQUIRED });
      break;
    case 'number_list':
      schema = z.array(z.number({ error: 'Numbers only, separated by commas' }), { error: REQUIRED }).min(field.required ? 1 : 0, { error: REQUIRED });
      break;
    case 'json':
      schema = z
        .unknown()
        .refine((v) => v !== undefined, { error: REQUIRED })
        .refine((v) => !(v instanceof InvalidJson), { error: 'Not valid JSON' });
      break;
  }
  return field.required ? schema : schema.optional();
}

/** The operation's parameters as a zod object built from its fields; parameters it does not declare pass through to the server's own check. */
export function parametersSchemaFor(fields: RedactionParameterField[]) {
  return z.object(Object.fromEntries(fields.map((f) => [f.name, fieldSchema(f)]))).loose();
}

/** The request a step sends: a preview (no reason), or an apply or a proposal (a reason). */
export function redactionRequestFrom(fileVersionId: string, operation: string, fields: RedactionParameterField[], values: RedactionFormValues) {
  return {
    fileVersionId,
    operation,
    parameters: parametersFromValues(fields, values.parameters),
    findingKeys: values.findingKeys,
    reason: values.reason,
  };
}

/** `parameters.<name>` stays on its field; everything else on the request field it names. */
const fieldOfPath = (path: string) => {
  const [first, second] = path.split('.');
  return first === 'parameters' && second !== undefined ? `parameters.${second}` : (first ?? path);
};

export type RedactionStep = 'preview' | 'apply' | 'propose';

/** Validates the form for a step: the parameters against the fields, and for apply and propose the reason. */
export function redactionValidator(step: RedactionStep, fileVersionId: string, operation: string, fields: RedactionParameterField[]) {
  const base = step === 'preview' ? redactionPreviewRequestSchema : step === 'apply' ? applyRedactionRequestSchema : proposeRedactionRequestSchema;
  const schema = base.extend({ parameters: parametersSchemaFor(fields) });
  const validate = contractValidator(
    schema,
    (values: RedactionFormValues) => {
      const { reason, ...request } = redactionRequestFrom(fileVersionId, operation, fields, values);
      return step === 'preview' ? request : { ...request, reason };
    },
    {},
    fieldOfPath,
  );
  return (values: RedactionFormValues): Record<string, string> => {
    const errors = validate(values);
    if (errors.reason !== undefined) errors.reason = values.reason.trim() ? `At most ${REDACTION_REASON_MAX_LENGTH} characters` : 'Say why (kept with the new version)';
    return errors;
  };
}
