/**
 * Who must have a second factor (docs/identity.md). By default every system role; an
 * installation may make it optional for some roles (SECOND_FACTOR_OPTIONAL_ROLES), never for
 * system managers. Only the demo and the test harnesses make it optional for everyone
 * (`optionalForEveryone`), so the quick start stays one command. An account that has enrolled a
 * factor is always asked for a code, whether the factor is required or not.
 *
 * Example: secondFactorRequired({ optionalRoles: ['standard'] }, 'standard') → false;
 *          secondFactorRequired({ optionalRoles: ['standard'] }, 'system_manager') → true
 */
import type { SystemRole } from '../../../common/vocab/roles';

export interface SecondFactorPolicy {
  /** System roles for which enrolling is the person's choice; never `system_manager`. */
  optionalRoles: readonly Exclude<SystemRole, 'system_manager'>[];
  /** Demo and test harnesses only: no role must enrol (system managers included). */
  optionalForEveryone?: boolean;
}

/** Enforced for every role: the default of a real installation. */
export const SECOND_FACTOR_ENFORCED: SecondFactorPolicy = { optionalRoles: [] };
/** The demo's and the password-only test harnesses' policy. */
export const SECOND_FACTOR_OPTIONAL: SecondFactorPolicy = { optionalRoles: [], optionalForEveryone: true };

/** Whether a person of this system role must enrol a second factor before signing in fully. */
export function secondFactorRequired(policy: SecondFactorPolicy, role: SystemRole): boolean {
  if (policy.optionalForEveryone) return false;
  if (role === 'system_manager') return true;
  return !(policy.optionalRoles as readonly SystemRole[]).includes(role);
}
