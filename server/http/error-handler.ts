/**
 * The one table from error kinds to HTTP statuses, and the handler that turns every failure
 * into `{"error":{"code","message"}}`. Details of unexpected (5xx) errors are logged, never returned.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type ErrorKind, isDomainError } from '../domain/errors';

export const STATUS_FOR_KIND = {
  invalid: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  gone: 410,
  conflict: 409,
  rate_limited: 429,
  integrity: 500,
} as const satisfies Record<ErrorKind, number>;

/**
 * Installs the error and not-found handlers. With `spa`, an unknown GET outside /api serves the
 * web UI's index.html (client-side routes); @fastify/static must be registered.
 */
export function installErrorHandler(app: FastifyInstance, spa = false): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isDomainError(error)) {
      const status = STATUS_FOR_KIND[error.kind];
      if (status >= 500) request.log.error({ code: error.code }, error.message);
      const body: { code: string; message: string; details?: Record<string, unknown> } = { code: error.code, message: error.message };
      if (error.details && status < 500) body.details = error.details;
      return reply.status(status).send({ error: body });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const problems = error.validation.map((v) => `${v.instancePath.replace(/^\//, '').replaceAll('/', '.') || error.validationContext || 'input'}: ${v.message}`);
      return reply.status(422).send({
        error: { code: 'validation.invalid_input', message: `Invalid input: ${problems.join('; ')}`, details: { problems } },
      });
    }
    if (error.statusCode === 429) {
      return reply.status(429).send({ error: { code: 'auth.rate_limited', message: 'Too many attempts; wait a few minutes and try again' } });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own refusals: malformed JSON, unsupported media type, body too large.
      return reply.status(error.statusCode).send({ error: { code: 'request.invalid', message: error.message } });
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong on the server; the error was logged' } });
  });
  app.setNotFoundHandler((request, reply) => {
    if (spa && request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
    return reply.status(404).send({ error: { code: 'route.not_found', message: `No such endpoint: ${request.method} ${request.url.split('?')[0]}` } });
  });
}
