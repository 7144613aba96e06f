/**
 * Forms validate with the zod contract their request must meet (common/contracts), through
 * @mantine/form's Standard Schema support: the form's values become the request (`toRequest`),
 * the contract checks it, and a field that fails shows its own message in plain words (the
 * contract's messages are written for API clients).
 */
import { schemaResolver } from '@mantine/form';
import type { z } from 'zod';

/** The message for a field that fails the contract: fixed, or chosen from the request. */
export type FieldMessage<R> = string | ((request: R) => string);

/** The form field an error at a request path belongs to: by default the path's first segment. */
export type FieldOfPath = (path: string) => string;
const firstSegment: FieldOfPath = (path) => path.split('.')[0] ?? path;

/**
 * A `validate` function for `useForm` that checks `toRequest(values)` against `schema`. Each
 * error goes to the field `fieldOf` names for its path (the first segment unless told, so a
 * nested form such as the redaction parameters can keep `parameters.threshold`).
 */
export function contractValidator<Values, S extends z.ZodType>(
  schema: S,
  toRequest: (values: Values) => z.input<S>,
  messages: Partial<Record<keyof z.input<S> & string, FieldMessage<z.input<S>>>>,
  fieldOf: FieldOfPath = firstSegment,
): (values: Values) => Record<string, string> {
  const check = schemaResolver(schema, { sync: true });
  return (values) => {
    const request = toRequest(values);
    const errors: Record<string, string> = {};
    for (const [path, error] of Object.entries(check(request))) {
      const field = fieldOf(path);
      if (field in errors) continue;
      const message = messages[field as keyof typeof messages];
      errors[field] = message === undefined ? String(error) : typeof message === 'function' ? message(request) : message;
    }
    return errors;
  };
}

/**
 * For a form with one text field that the request names by case (a justification or a note, a
 * comment or a reason): the first field error of `validate` is shown on `field`.
 */
export function onOneField<Values>(field: keyof Values & string, validate: (values: Values) => Record<string, string>): (values: Values) => Record<string, string> {
  return (values) => {
    const first = Object.values(validate(values))[0];
    return first === undefined ? {} : { [field]: first };
  };
}
