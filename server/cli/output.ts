/** How the CLI reports results and refusals: plain text for people, one JSON document with --json. */
import { isDomainError } from '../domain/errors';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export interface Io {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
}

/** Prints a refusal (as `{"error":{…}}` with --json) and returns the exit code for it. */
export function reportError(io: Io, error: unknown, json: boolean): number {
  const code = isDomainError(error) ? error.code : 'internal';
  const message = error instanceof Error ? error.message : String(error);
  const details = isDomainError(error) ? error.details : undefined;
  if (json) io.out(JSON.stringify({ error: { code, message, ...(details ? { details } : {}) } }));
  else io.err(`egress: ${message} (${code})`);
  return EXIT.usage;
}
