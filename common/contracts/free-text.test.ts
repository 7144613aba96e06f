/**
 * Free text refuses NUL, other control characters (except tab and line ends) and lone
 * surrogates, in the shared helper and in the request schemas that use it; right-to-left text,
 * emoji (surrogate pairs) and bidi controls are accepted (the web UI shows them inert).
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createApiTokenRequestSchema } from './api-tokens.contract';
import { isCleanText } from './free-text';
import { createProjectRequestSchema } from './projects.contract';
import { createUserRequestSchema } from './users.contract';
import { createWorkPackageRequestSchema } from './work-packages.contract';

const REFUSED = ['a\u0000b', 'bell\u0007', 'esc\u001b[31m', 'vt\u000b', 'form\u000c', 'del\u007f', 'c1\u0085', 'lone high \ud83d', 'lone low \ude00 x', 'reversed \ude00\ud83d'];
const ACCEPTED = ['plain', 'tab\there', 'lines\nand\r\nmore', 'emoji 😀', 'مرحبا', 'rlo \u202e inert in the UI', 'zero\u200bwidth'];

describe('free text', () => {
  it.each(REFUSED)('refuses %j', (text) => expect(isCleanText(text)).toBe(false));
  it.each(ACCEPTED)('accepts %j', (text) => expect(isCleanText(text)).toBe(true));

  const cases: Array<[string, z.ZodType, (text: string) => unknown]> = [
    ['a project name', createProjectRequestSchema, (name) => ({ name })],
    ['a project description', createProjectRequestSchema, (description) => ({ name: 'P', description })],
    ['a work package name', createWorkPackageRequestSchema, (name) => ({ name })],
    ['a user name', createUserRequestSchema, (name) => ({ email: 'a@example.org', name, password: 'a long enough password', systemRole: 'standard' })],
    ['an API token name', createApiTokenRequestSchema, (name) => ({ name })],
  ];
  it.each(cases)('is enforced for %s', (_what, schema, build) => {
    const message = (text: string) =>
      schema
        .safeParse(build(text))
        .error?.issues.map((i) => i.message)
        .join('; ') ?? '';
    expect(message('fine text')).not.toMatch(/control character/);
    expect(message('bad\u0000text')).toMatch(/control character/);
    expect(message('bad \ud800 text')).toMatch(/control character/);
  });
});
