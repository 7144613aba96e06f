/** Option lists for selects, built from the shared vocabularies. */
import { PROJECT_ROLE_LABELS, PROJECT_ROLE_LIST, SYSTEM_ROLE_LABELS, SYSTEM_ROLE_LIST, TIERS } from '../../../common/vocab';
import { formatTier } from './format';

export const TIER_OPTIONS = TIERS.map((tier) => ({ value: String(tier), label: formatTier(tier) }));
export const PROJECT_ROLE_OPTIONS = PROJECT_ROLE_LIST.map((role) => ({ value: role, label: PROJECT_ROLE_LABELS[role] }));
export const SYSTEM_ROLE_OPTIONS = SYSTEM_ROLE_LIST.map((role) => ({ value: role, label: SYSTEM_ROLE_LABELS[role] }));
