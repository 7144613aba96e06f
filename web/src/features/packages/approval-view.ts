/**
 * What the package page says about approval, worked out from the server's answers (pure, no
 * React): who must still sign (names from the project's participants), which sign-off the caller
 * is offered (by the server's abilities), why a sign-off was voided, what Submit and Resubmit will do, and whether a storage
 * decision form is complete. The rules themselves stay on the server; this only words them.
 *
 * Example: a DPR sign-off is missing and the server says the caller may sign as DPR →
 * `signOffOffers(...)` is `[{ role: 'data_provider_representative', ready: true }]`.
 */
import { HANDOVER_TEXT_MAX_LENGTH, storageDecisionRequestSchema } from '../../../../common/contracts/handover-decisions.contract';
import type { Approval, SignOff, SignOffList } from '../../../../common/contracts/sign-offs.contract';
import type { SignOffRole } from '../../../../common/vocab/destinations';
import { PROJECT_ROLE_LABELS, type ProjectRole } from '../../../../common/vocab/roles';
import type { PackageStatus } from '../../../../common/vocab/statuses';
import { contractValidator } from '../../lib/contract-form';

/** The words of a sign-off role ("Data provider representative"). */
export function signOffRoleLabel(role: SignOffRole): string {
  return PROJECT_ROLE_LABELS[role];
}

const VOID_CAUSES: Record<string, string> = {
  withdrawn: 'withdrawn by the signer',
  file_version_added: 'a new file version was added',
  file_taken_out: 'a file was taken out of the package',
  file_role_changed: 'a file’s role changed',
  context_edited: 'the context was edited',
  destination_changed: 'the destination changed',
  item_removed: 'an item was temporarily removed',
  item_reinstated: 'a removed item was reinstated',
  removal_outcome_changed: 'the agreed outcome of a removed item changed',
  resubmitted: 'the package was resubmitted',
  package_withdrawn: 'the package was withdrawn',
  classification_reopened: 'the classification was reopened',
  redaction_accepted: 'a proposed redaction was accepted',
};

/** Why a sign-off no longer counts, in words; an unknown cause is shown as its words. */
export function voidCauseWords(cause: string | null): string {
  if (cause === null) return 'voided';
  return VOID_CAUSES[cause] ?? cause.replaceAll('_', ' ');
}

/** A live sign-off on an earlier digest: kept, but it does not count until signed again. */
export function isStale(signOff: Pick<SignOff, 'live' | 'bound'>): boolean {
  return signOff.live && !signOff.bound;
}

export interface Person {
  userId: string;
  name: string;
  role: ProjectRole;
}

export interface MissingSignOff {
  role: SignOffRole;
  label: string;
  /** Who must sign: named people (every DPR listed must sign), or anyone holding the role. */
  people: string[];
  /** Every person listed must sign (DPRs), rather than any one of them. */
  everyone: boolean;
}

/** The missing sign-offs with who must act, in the server's order. */
export function missingSignOffs(missing: Approval['signOffs']['missing'], participants: readonly Person[]): MissingSignOff[] {
  const nameOf = new Map(participants.map((p) => [p.userId, p.name]));
  return missing.map((m) => {
    if (m.userIds !== undefined) {
      return { role: m.role, label: signOffRoleLabel(m.role), people: m.userIds.map((id) => nameOf.get(id) ?? 'someone no longer on the project'), everyone: true };
    }
    return { role: m.role, label: signOffRoleLabel(m.role), people: participants.filter((p) => p.role === m.role).map((p) => p.name), everyone: false };
  });
}

/** One sentence per missing sign-off: "Data provider representative: Dana Provider must sign". */
export function missingSignOffSentence(m: MissingSignOff): string {
  if (m.people.length === 0) return `${m.label}: nobody on the project holds this role yet`;
  if (m.everyone) return `${m.label}: ${joinNames(m.people)} must sign`;
  return `${m.label}: ${m.people.length === 1 ? `${m.people[0]} must sign` : `one of ${joinNames(m.people, 'or')} must sign`}`;
}

function joinNames(names: readonly string[], last = 'and'): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${last} ${names[names.length - 1]}`;
}

export interface SignOffOffer {
  role: SignOffRole;
  /** The caller may sign now; otherwise `waitFor` says what comes first. */
  ready: boolean;
  waitFor?: string;
}

export interface OfferInput {
  approval: Pick<Approval, 'signOffs'>;
  /** The server's answer per role: may the caller sign off now (server/policies/sign-off.policy.ts). */
  abilities: SignOffList['abilities'];
}

const REVIEW_NOT_SUBMITTED = 'sign_off.review_not_submitted';

/**
 * The sign-offs to offer the caller: each role still missing that the server would take from
 * them now, and one it would take once they submitted their review of this turn (the offer says
 * so). Who may sign is the server's answer; this only picks the roles still to sign and words them.
 */
export function signOffOffers({ approval, abilities }: OfferInput): SignOffOffer[] {
  const offers: SignOffOffer[] = [];
  for (const { role } of approval.signOffs.missing) {
    const ability = abilities.signOff[role];
    if (ability.ok) offers.push({ role, ready: true });
    else if (ability.code === REVIEW_NOT_SUBMITTED) offers.push({ role, ready: false, waitFor: 'Submit your review of this turn first: a sign-off says you reviewed it and it may leave.' });
  }
  return offers;
}

/** The caller's live sign-offs, which they may withdraw before approval. */
export function withdrawable(status: PackageStatus, signOffs: readonly SignOff[], userId: string): SignOff[] {
  if (status !== 'in_review') return [];
  return signOffs.filter((s) => s.live && s.userId === userId);
}

/** What Submit or Resubmit will do, said in the confirmation dialog before the move. */
export function submitConsequences(action: 'submit' | 'resubmit', liveSignOffs = 0): string[] {
  const lines = [
    'The automated disclosure checks run on every file of the package; files and context are locked until the package is returned.',
    'Once the checks finish the package is in review: its reviewers (the data provider representatives of the work package’s datasets, and the referee where the tier needs one) find it in their “Waiting for me” list.',
  ];
  if (action === 'resubmit') {
    lines.push(
      liveSignOffs > 0
        ? `${liveSignOffs === 1 ? 'The 1 sign-off' : `All ${liveSignOffs} sign-offs`} of the package ${liveSignOffs === 1 ? 'is' : 'are'} voided: the reviewers sign the new turn again.`
        : 'Every sign-off of the package is voided: the reviewers sign the new turn again.',
      'Reviewers’ decisions carry over only for files whose content did not change; they review the new turn and submit again.',
    );
  }
  return lines;
}

export interface StorageDecisionForm {
  location: string;
  custodian: string;
  protection: string;
  retention: string;
  reviewDate: string;
}

const textMessage = (key: keyof Omit<StorageDecisionForm, 'reviewDate'>) => (request: StorageDecisionForm) => (request[key].trim() ? `At most ${HANDOVER_TEXT_MAX_LENGTH} characters` : 'Required');

const checkStorageDecision = contractValidator(storageDecisionRequestSchema, (form: StorageDecisionForm) => ({ ...form, version: 0 }), {
  location: textMessage('location'),
  custodian: textMessage('custodian'),
  protection: textMessage('protection'),
  retention: textMessage('retention'),
  reviewDate: 'A date is required',
});

/**
 * The field errors of a storage decision before it is sent, by its contract (the server checks
 * again) and the server's rule that the review date is after `today` (`YYYY-MM-DD`).
 */
export function storageDecisionErrors(form: StorageDecisionForm, today: string): Partial<Record<keyof StorageDecisionForm, string>> {
  const errors: Partial<Record<keyof StorageDecisionForm, string>> = checkStorageDecision(form);
  if (!errors.reviewDate && form.reviewDate <= today) errors.reviewDate = 'The review date must be after today';
  return errors;
}

/** Statuses in which the approval panel means something: the package has been submitted and not ended. */
export function showsApprovalPanel(status: PackageStatus, reviewTurn: number): boolean {
  return reviewTurn > 0 && ['checking', 'in_review', 'returned', 'approved', 'failed'].includes(status);
}
