import type { z } from 'zod';
import { DomainError } from '../domain/errors';

/** Validates untrusted input with a schema; throws `validation.invalid_input` listing every problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
    throw new DomainError('validation.invalid_input', `Invalid input: ${problems.join('; ')}`, { problems });
  }
  return result.data;
}
