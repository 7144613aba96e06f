/**
 * The guards of the package moves that need more than a role (docs/design.md §5.1, §5.4, issue 10 §5–§6),
 * as data next to the transition table: each guard has an id, the stable code a refusal carries,
 * the words the UI shows while it does not hold, and a pure `holds(facts)`. `evaluateGuards()` is
 * the one function that both refuses a move (`transitionPackage` throws the first missing
 * guard's code) and tells the sign-off panel what is still missing.
 *
 * Guards that depend on the tier hold vacuously until the tier is agreed (`tier_agreed` is then
 * what is missing), and those about what may leave hold vacuously at a tier that lets nothing
 * leave (`tier_egressable` is then what is missing), so the UI lists what can actually be done.
 *
 * Example: a tier-1 report whose DPR has not signed → `evaluateGuards('approve', facts)` is
 * `{ ok: false, missing: [{ id: 'sign_offs_present', code: 'approval.sign_offs_missing', words: 'Every required sign-off, bound to the current content', detail: '…' }] }`.
 */
import { DESTINATION_LABELS } from '../vocab/destinations';
import { type PackageFacts, type SubmitFacts, destinationAllowed, egressTier, independentReviewsNeeded, recipientKeyPresent, signOffStanding } from './package-facts';

/** A seed rule (docs/design.md §6) that no change of content makes hold: the UI says why and offers these moves. */
export interface SeedRule {
  words: string;
  offers: readonly 'retain'[];
}

export interface PackageGuard<F> {
  id: string;
  /** The refusal code (registered in server/domain/errors.ts). */
  code: string;
  /** What the UI shows while the guard does not hold. */
  words: string;
  holds(facts: F): boolean;
  /** Particulars of what is missing, in words (never file content). */
  detail?(facts: F): string | undefined;
  /** Particulars for programs, carried in the refusal's details (e.g. the context's missing fields). */
  details?(facts: F): Record<string, unknown>;
  seedRule?: SeedRule;
}

const hasOutputs: PackageGuard<SubmitFacts> = {
  id: 'has_outputs',
  code: 'package.no_output_files',
  words: 'At least one output file (a file to release)',
  holds: (f) => f.outputs > 0,
};

const contextComplete: PackageGuard<SubmitFacts> = {
  id: 'context_complete',
  code: 'package.context_incomplete',
  words: 'A complete context (purpose, recipient, destination, population, disclosure controls, what each figure and table shows)',
  holds: (f) => f.missingContext.length === 0,
  detail: (f) => `still missing: ${f.missingContext.join('; ')}`,
  details: (f) => ({ missing: f.missingContext }),
};

const destinationGuard: PackageGuard<SubmitFacts> = {
  id: 'destination_allowed',
  code: 'package.destination_not_allowed',
  words: 'A destination the tier allows',
  // Checked once the tier is agreed and lets outputs leave; a tier that lets nothing leave is refused by `tier_egressable`.
  holds: (f) => !egressTier(f) || destinationAllowed(f),
  detail: (f) => {
    const allowed = (f.tier.rule?.destinations ?? []).filter((d) => destinationAllowed({ ...f, destinationKind: d }));
    const chosen = f.destinationKind ? DESTINATION_LABELS[f.destinationKind] : 'none chosen';
    return `tier ${f.tier.tier} allows ${allowed.map((d) => DESTINATION_LABELS[d]).join(', ') || 'no destination'}; the ${f.registeredDestination ? 'registered destination is' : 'context says'} ${chosen}`;
  },
};

/** Where the tier requires encryption (docs/design.md §4), the registered destination must carry the recipient's public key. */
const recipientKeyGuard: PackageGuard<SubmitFacts> = {
  id: 'recipient_key_present',
  code: 'package.recipient_key_missing',
  words: 'A recipient key on the registered destination where the tier requires encryption',
  holds: recipientKeyPresent,
  detail: (f) => `tier ${f.tier.tier} requires encryption, and the registered destination has no recipient public key: a system manager registers one with the recipient's key`,
};

/** Release delivers to a registered destination (docs/delivery.md): one must be chosen, and still current. */
const destinationRegistered: PackageGuard<SubmitFacts> = {
  id: 'destination_registered',
  code: 'package.destination_missing',
  words: 'A registered destination chosen for the package, not retired',
  holds: (f) => !!f.registeredDestination && !f.registeredDestination.retired,
  detail: (f) => (f.registeredDestination?.retired ? 'the chosen destination has been retired: choose another' : 'no registered destination chosen'),
};

const tierAgreed: PackageGuard<SubmitFacts> = {
  id: 'tier_agreed',
  code: 'approval.tier_not_agreed',
  words: "The work package's tier agreed by its classifiers",
  holds: (f) => f.tier.agreed && f.tier.tier !== null && f.tier.rule !== null,
};

const tierEgressable: PackageGuard<SubmitFacts> = {
  id: 'tier_egressable',
  code: 'approval.tier_not_egressable',
  words: 'A tier that lets outputs leave (nothing leaves at tier 4)',
  holds: (f) => !f.tier.agreed || egressTier(f),
  seedRule: { words: 'nothing leaves the environment at this tier: the package stays inside', offers: ['retain'] },
};

const reportTierInside: PackageGuard<SubmitFacts> = {
  id: 'report_tier_inside',
  code: 'approval.report_tier_inside',
  words: 'A report finalisation package below tier 2',
  holds: (f) => !(f.kind === 'egress_report' && f.tier.agreed && (f.tier.tier ?? 0) >= 2),
  seedRule: { words: 'complete and present it inside a secure environment', offers: ['retain'] },
};

const SUBMIT_GUARDS: readonly PackageGuard<SubmitFacts>[] = [hasOutputs, contextComplete, destinationGuard];

const APPROVE_GUARDS: readonly PackageGuard<PackageFacts>[] = [
  tierAgreed,
  tierEgressable,
  reportTierInside,
  hasOutputs,
  destinationGuard,
  recipientKeyGuard,
  {
    id: 'opinions_confirmed',
    code: 'approval.opinions_unconfirmed',
    words: 'Every classifier confirmed or revised their opinion after the content changed',
    holds: (f) => f.opinionsToConfirm.length === 0,
    detail: (f) => `${f.opinionsToConfirm.length} classifier(s) still to confirm`,
  },
  {
    id: 'files_approved',
    code: 'approval.files_not_approved',
    words: 'Every output file approved by the reviewers',
    holds: (f) => f.files.every((file) => file.outcome === 'approved'),
    detail: (f) => {
      const open = f.files.filter((file) => file.outcome !== 'approved');
      return `${open.length} output file(s) not approved: ${open
        .slice(0, 3)
        .map((file) => `${file.path} (${file.outcome.replaceAll('_', ' ')})`)
        .join(', ')}${open.length > 3 ? ', …' : ''}`;
    },
  },
  {
    id: 'independent_reviews',
    code: 'approval.reviews_missing',
    words: 'The independent reviews the tier needs, submitted for this turn',
    holds: (f) => f.reviewsSubmitted >= independentReviewsNeeded(f),
    detail: (f) => `${f.reviewsSubmitted} of ${independentReviewsNeeded(f)} submitted`,
  },
  {
    id: 'findings_resolved',
    code: 'approval.findings_unresolved',
    words: 'No unresolved blocking finding',
    holds: (f) => f.findings.unresolvedBlocking === 0,
    detail: (f) => `${f.findings.unresolvedBlocking} blocking finding(s) neither resolved nor overridden`,
  },
  {
    id: 'findings_acknowledged',
    code: 'approval.findings_unacknowledged',
    words: 'Every review-level finding acknowledged by a reviewer',
    holds: (f) => f.findings.unacknowledgedReview === 0,
    detail: (f) => `${f.findings.unacknowledgedReview} finding(s) not acknowledged`,
  },
  {
    id: 'handover_storage_decision',
    code: 'approval.storage_decision_missing',
    words: 'A storage decision agreed by the investigator and every data provider representative (handover at tier 2 or above)',
    holds: (f) => !highTierHandover(f) || (f.handover.storageRecorded && f.handover.storageAgreementsMissing.length === 0),
    detail: (f) => (f.handover.storageRecorded ? `${f.handover.storageAgreementsMissing.length} agreement(s) missing` : 'no storage decision recorded'),
  },
  {
    id: 'handover_redaction_decisions',
    code: 'approval.redaction_decisions_missing',
    words: 'A redaction decision for every flagged output (handover at tier 2 or above)',
    holds: (f) => !highTierHandover(f) || f.handover.flaggedWithoutRedactionDecision === 0,
    detail: (f) => `${f.handover.flaggedWithoutRedactionDecision} flagged output(s) without a decision`,
  },
  {
    id: 'sign_offs_present',
    code: 'approval.sign_offs_missing',
    words: 'Every required sign-off, bound to the current content',
    holds: (f) => !egressTier(f) || signOffStanding(f).missing.length === 0,
    detail: (f) =>
      `missing: ${signOffStanding(f)
        .missing.map((m) => (m.userIds ? `${m.role.replaceAll('_', ' ')} (${m.userIds.length})` : m.role.replaceAll('_', ' ')))
        .join(', ')}`,
  },
  {
    id: 'sign_off_outside_team',
    code: 'approval.sign_off_outside_team_missing',
    words: 'At least one sign-off from outside the research team (the submitter is never the only one)',
    holds: (f) => !egressTier(f) || signOffStanding(f).outsideTeam,
  },
];

/** A data provider handover at tier 2 or above that may leave (at a tier where nothing leaves, `tier_egressable` is what is missing). */
function highTierHandover(f: PackageFacts): boolean {
  return f.kind === 'egress_handover' && egressTier(f) && (f.tier.tier ?? 0) >= 2;
}

/** The guards of every guarded move, in the order they are reported (the first missing one is the refusal). */
export const PACKAGE_GUARDS = {
  submit: SUBMIT_GUARDS,
  resubmit: SUBMIT_GUARDS,
  approve: APPROVE_GUARDS,
  // At release the agreed tier must still allow the package out to its registered destination.
  release: [destinationRegistered, destinationGuard, recipientKeyGuard, tierAgreed, tierEgressable, reportTierInside],
} as const;

/**
 * What must hold before anyone signs off (not a move): a sign-off names roles the agreed tier
 * requires, and is pointless on a package a seed rule keeps inside.
 */
export const SIGN_OFF_GUARDS: readonly PackageGuard<SubmitFacts>[] = [tierAgreed, tierEgressable, reportTierInside];

export type GuardedAction = keyof typeof PACKAGE_GUARDS;
export type FactsFor<A extends GuardedAction> = A extends 'approve' ? PackageFacts : SubmitFacts;

export function isGuardedAction(action: string): action is GuardedAction {
  return Object.hasOwn(PACKAGE_GUARDS, action);
}

export interface MissingGuard {
  id: string;
  code: string;
  words: string;
  detail?: string;
  details?: Record<string, unknown>;
  seedRule?: SeedRule;
}

export interface GuardEvaluation {
  ok: boolean;
  /** Every guard with whether it holds, in order (for the sign-off panel). */
  guards: { id: string; words: string; ok: boolean }[];
  missing: MissingGuard[];
}

/** Evaluates every guard of `action` against the facts: what holds and what is still missing, in order. */
export function evaluateGuards<A extends GuardedAction>(action: A, facts: FactsFor<A>): GuardEvaluation {
  return evaluateGuardList(PACKAGE_GUARDS[action] as readonly PackageGuard<FactsFor<A>>[], facts);
}

/** Evaluates a list of guards (e.g. SIGN_OFF_GUARDS) against the facts. */
export function evaluateGuardList<F>(guards: readonly PackageGuard<F>[], facts: F): GuardEvaluation {
  const evaluated: GuardEvaluation['guards'] = [];
  const missing: MissingGuard[] = [];
  for (const guard of guards) {
    const ok = guard.holds(facts);
    evaluated.push({ id: guard.id, words: guard.words, ok });
    if (ok) continue;
    const detail = guard.detail?.(facts);
    const details = guard.details?.(facts);
    missing.push({ id: guard.id, code: guard.code, words: guard.words, ...(detail ? { detail } : {}), ...(details ? { details } : {}), ...(guard.seedRule ? { seedRule: guard.seedRule } : {}) });
  }
  return { ok: missing.length === 0, guards: evaluated, missing };
}
