/** Every refusal code a guard can carry (common/workflow/package.guards.ts) is a registered error code. */
import { describe, expect, it } from 'vitest';
import { PACKAGE_GUARDS, SIGN_OFF_GUARDS } from '../../common/workflow/package.guards';
import { ERROR_CODES } from './errors';

describe('guard refusal codes', () => {
  it('are all registered in ERROR_CODES as conflicts', () => {
    const guards = [...Object.values(PACKAGE_GUARDS).flat(), ...SIGN_OFF_GUARDS];
    expect(guards.length).toBeGreaterThan(10);
    for (const guard of guards) expect(ERROR_CODES[guard.code as keyof typeof ERROR_CODES], guard.code).toBe('conflict');
  });
});
