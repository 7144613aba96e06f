/**
 * The facts about an egress package that the guards of its moves read (package.guards.ts):
 * loaded by server/commands/package-facts.queries.ts in the transaction of the move, built by
 * hand in tests. Pure data plus the pure readings every guard and the sign-off panel share
 * (what the tier allows, whether the destination is allowed, where the sign-offs stand).
 *
 * Example: a tier-1 report going to the research team, with the investigator's sign-off on the
 * current digest and none yet from the DPR → `signOffStanding(facts).missing` is
 * `[{ role: 'data_provider_representative', userIds: ['<the DPR>'] }]`.
 */
import type { TierRule } from '../contracts/tier-policy.contract';
import { independentReviewsOf } from '../contracts/tier-policy.contract';
import type { DestinationKind, SignOffRole } from '../vocab/destinations';

/** The two end-of-project packages of docs/design.md §6, and every other egress. */
export type PackageKindFact = 'egress_report' | 'egress_handover' | 'other';

export interface TierFacts {
  /** The work package is classified: its classifiers agreed a tier (or a dispute was resolved). */
  agreed: boolean;
  tier: number | null;
  /** The tier-policy version the classification recorded. */
  policyVersion: number | null;
  /** That version's rule for the tier; null while no tier is agreed. */
  rule: TierRule | null;
}

/** What submitting (or resubmitting) needs to know. */
/** The registered destination a package goes to (docs/delivery.md). */
export interface RegisteredDestinationFacts {
  kind: DestinationKind;
  method: string;
  hasRecipientKey: boolean;
  retired: boolean;
}

export interface SubmitFacts {
  kind: PackageKindFact;
  tier: TierFacts;
  /** The registered destination's kind when one is chosen, else the kind the context names. */
  destinationKind: DestinationKind | null;
  /** The chosen registered destination (absent or null: none chosen yet). */
  registeredDestination?: RegisteredDestinationFacts | null;
  /** Output files in the package, not taken out and not temporarily removed. */
  outputs: number;
  /** What the context still lacks, in words (empty when complete). */
  missingContext: string[];
}

/** A sign-off not voided (docs/design.md §5.4); it counts only when bound to the current digest. */
export interface LiveSignOff {
  id: string;
  userId: string;
  role: SignOffRole;
  digest: string;
}

export interface SignOffFacts {
  /** The package's current content digest (server/domain/review/content-digest.ts). */
  digest: string;
  live: LiveSignOff[];
  /** The project's current investigators. */
  investigators: string[];
  /** The project's current referees. */
  referees: string[];
  /** Every current data provider representative of the work package's datasets: each must sign where the tier names the DPR. */
  dprs: string[];
  /** The package's author team (docs/design.md §5.2): never a sign-off from outside the research team. */
  authorTeam: string[];
}

/** What approval needs to know: everything the guards of `approve` read. */
export interface PackageFacts extends SubmitFacts {
  /** Every current output file (not temporarily removed) with its outcome in this turn ('approved', 'incomplete', …). */
  files: { fileId: string; path: string; outcome: string }[];
  /** Reviewers who have submitted their independent review of the current turn. */
  reviewsSubmitted: number;
  findings: { unresolvedBlocking: number; unacknowledgedReview: number };
  /** The decisions a handover at tier ≥ 2 needs (docs/design.md §6). */
  handover: { storageRecorded: boolean; storageAgreementsMissing: string[]; flaggedWithoutRedactionDecision: number };
  signOffs: SignOffFacts;
  /** Classifiers who must confirm or revise their opinion because the content changed after classification. */
  opinionsToConfirm: string[];
}

/** Destinations a data provider handover at tier ≥ 2 may go to, whatever the policy says (docs/design.md §6). */
export const HIGH_TIER_HANDOVER_DESTINATIONS: readonly DestinationKind[] = ['data_provider', 'secure_environment'];

/** The tier is agreed and lets outputs leave (tier 4 never does, whatever a policy says). */
export function egressTier(facts: SubmitFacts): boolean {
  return facts.tier.agreed && facts.tier.tier !== null && facts.tier.tier !== 4 && facts.tier.rule?.egressAllowed === true;
}

/** The destination is one the agreed tier allows (and, for a handover at tier ≥ 2, the data provider or a secure environment). */
export function destinationAllowed(facts: SubmitFacts): boolean {
  const kind = facts.destinationKind;
  if (kind === null || !facts.tier.rule) return false;
  if (!facts.tier.rule.destinations.includes(kind)) return false;
  if (facts.kind === 'egress_handover' && (facts.tier.tier ?? 0) >= 2 && !HIGH_TIER_HANDOVER_DESTINATIONS.includes(kind)) return false;
  return true;
}

/** Where the agreed tier requires encryption, the chosen registered destination has a recipient key (vacuous until one is chosen). */
export function recipientKeyPresent(facts: SubmitFacts): boolean {
  if (!egressTier(facts) || facts.tier.rule?.encryptionRequired !== true) return true;
  return !facts.registeredDestination || facts.registeredDestination.hasRecipientKey;
}

/** Independent reviews the agreed tier needs before approval (0 while no tier is agreed). */
export function independentReviewsNeeded(facts: SubmitFacts): number {
  return facts.tier.rule ? independentReviewsOf(facts.tier.rule) : 0;
}

export interface SignOffStanding {
  /** Roles the agreed tier requires (none while no tier is agreed). */
  required: SignOffRole[];
  /** Live sign-offs bound to the current digest, by someone who still holds the role. */
  present: LiveSignOff[];
  /** Live sign-offs on an earlier digest: they no longer count. */
  stale: LiveSignOff[];
  /** Each required role still to sign; for the DPR, the people who must still sign. */
  missing: { role: SignOffRole; userIds?: string[] }[];
  /** A sign-off from outside the research team (a DPR or a referee, never the author team) is present. */
  outsideTeam: boolean;
}

/**
 * Where the sign-offs stand against the tier policy: the investigator's sign-off is an author-
 * team sign-off; every DPR of the work package's datasets signs where the DPR is required; a
 * DPR or referee sign-off counts only from someone outside the author team still holding the role.
 */
export function signOffStanding(facts: PackageFacts): SignOffStanding {
  const s = facts.signOffs;
  const required = facts.tier.agreed ? [...(facts.tier.rule?.requiredSignOffs ?? [])] : [];
  const authors = new Set(s.authorTeam);
  const holds = (o: LiveSignOff): boolean => {
    if (o.role === 'investigator') return s.investigators.includes(o.userId);
    if (authors.has(o.userId)) return false;
    return o.role === 'data_provider_representative' ? s.dprs.includes(o.userId) : s.referees.includes(o.userId);
  };
  const present = s.live.filter((o) => o.digest === s.digest && holds(o));
  const stale = s.live.filter((o) => o.digest !== s.digest);
  const missing: SignOffStanding['missing'] = [];
  for (const role of required) {
    const signed = present.filter((o) => o.role === role);
    if (role === 'data_provider_representative') {
      const still = s.dprs.filter((id) => !signed.some((o) => o.userId === id));
      if (still.length > 0 || s.dprs.length === 0) missing.push({ role, userIds: still });
    } else if (signed.length === 0) {
      missing.push({ role });
    }
  }
  return { required, present, stale, missing, outsideTeam: present.some((o) => o.role !== 'investigator') };
}
