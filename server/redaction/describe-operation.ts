/**
 * An operation as the API, the web form and `egress redact --list` describe it: id, family,
 * title, description, its parameters as a JSON Schema and as simple form fields. The fields are
 * read from the JSON Schema of the operation's zod schema (what a caller may send: defaults make
 * a parameter optional); a parameter no simple field can hold is a `json` field.
 *
 * Example: `z.object({ threshold: z.number().int().min(1).default(10), marker: z.string() })` →
 * fields `threshold` (integer, min 1, default 10, not required) and `marker` (string, required).
 */
import { z } from 'zod';
import type { RedactionOperationInfo, RedactionParameterField, RedactionParameterType } from '../../common/contracts/redaction.contract';
import type { RedactionOperation } from './types';

type JsonSchema = Record<string, unknown>;

function parametersSchemaOf(op: RedactionOperation<unknown>): JsonSchema {
  try {
    return z.toJSONSchema(op.parameters, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    // A schema JSON Schema cannot express (a transform, a refinement with no shape): any JSON object.
    return { type: 'object' };
  }
}

const SCALARS = new Set(['string', 'number', 'integer', 'boolean']);
type Option = string | number | boolean;

/** The schema of a field without a nullable or optional wrapper (`anyOf: [X, {type: null}]`). */
function unwrapped(schema: JsonSchema): JsonSchema {
  const anyOf = schema.anyOf as JsonSchema[] | undefined;
  if (!anyOf) return schema;
  const real = anyOf.filter((s) => s.type !== 'null');
  return real.length === 1 ? { ...schema, ...(real[0] as JsonSchema), anyOf: undefined } : schema;
}

function typeOf(schema: JsonSchema): { type: RedactionParameterType; options?: Option[] } {
  if (Array.isArray(schema.enum)) return { type: 'enum', options: schema.enum as Option[] };
  if (schema.const !== undefined) return { type: 'enum', options: [schema.const as Option] };
  const type = schema.type;
  if (typeof type === 'string' && SCALARS.has(type)) return { type: type as RedactionParameterType };
  if (type === 'array' && schema.items && typeof schema.items === 'object') {
    const items = unwrapped(schema.items as JsonSchema);
    const options = Array.isArray(items.enum) ? { options: items.enum as Option[] } : {};
    if (items.type === 'string' || Array.isArray(items.enum)) return { type: 'string_list', ...options };
    if (items.type === 'number' || items.type === 'integer') return { type: 'number_list' };
  }
  return { type: 'json' };
}

function fieldsOf(schema: JsonSchema): RedactionParameterField[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, raw]) => {
    const property = unwrapped(raw);
    const { type, options } = typeOf(property);
    const field: RedactionParameterField = {
      name,
      type,
      description: typeof raw.description === 'string' ? raw.description : typeof property.description === 'string' ? property.description : null,
      required: required.has(name),
    };
    if ('default' in raw || 'default' in property) field.default = 'default' in raw ? raw.default : property.default;
    if (options) field.options = options;
    if (typeof property.minimum === 'number') field.minimum = property.minimum;
    if (typeof property.maximum === 'number') field.maximum = property.maximum;
    return field;
  });
}

/** The operation as the contract describes it (common/contracts/redaction.contract.ts). */
export function describeOperation(op: RedactionOperation<unknown>): RedactionOperationInfo {
  const parametersSchema = parametersSchemaOf(op);
  return { id: op.id, family: op.family, title: op.title, description: op.description, fields: fieldsOf(parametersSchema), parametersSchema };
}
