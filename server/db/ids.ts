import { randomUUID } from 'node:crypto';

/** A new opaque identifier. */
export function newId(): string {
  return randomUUID();
}
