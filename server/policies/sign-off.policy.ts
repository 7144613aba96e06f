/**
 * Who may sign off a package in which role (docs/design.md §4, §5.4, issue 10 §3 and §5). Pure: the command
 * loads the subject, this decides.
 *
 * | role | who | also |
 * |---|---|---|
 * | investigator | a current investigator of the project (an author-team sign-off: never the one from outside the research team) | — |
 * | data_provider_representative | a DPR of the work package's datasets with reviewer standing, never on the author team | has submitted their review of the turn |
 * | referee | a referee with reviewer standing, never on the author team | has submitted their review of the turn |
 *
 * Always: the package is in review, the project is not closed, and the tier policy requires the
 * role. A reviewer signs only after submitting their own review of the turn: a sign-off says
 * "I reviewed this content and it may leave", which a reviewer who has not reviewed cannot say.
 *
 * `signOffAbilities` answers the same rule for every role at once, for the panel: the web offers
 * the sign-offs the server would take and never works out who may sign on its own.
 *
 * Example: a researcher who later became the DPR of the dataset signs as
 * data_provider_representative → refused with `package.self_review`.
 */
import { SIGN_OFF_ROLES, type SignOffRole } from '../../common/vocab/destinations';
import type { PackageSubject } from './package.policy';
import { type Decision, allow, all, deny } from './policy';

export interface SignOffSubject {
  package: PackageSubject;
  /** The roles the agreed tier's policy requires. */
  requiredRoles: readonly SignOffRole[];
  /** The actor has submitted their review of the current turn. */
  reviewSubmitted: boolean;
}

const ROLE_WORDS: Record<SignOffRole, string> = {
  investigator: 'an investigator',
  data_provider_representative: "a data provider representative of this work package's datasets",
  referee: 'a referee of this package',
};

function holdsRole(role: SignOffRole, s: SignOffSubject): Decision {
  const p = s.package;
  if (role === 'investigator') return p.role === 'investigator' ? allow : deny(`Only ${ROLE_WORDS.investigator} of the project signs as investigator`, 'sign_off.not_allowed');
  const standing = role === 'data_provider_representative' ? 'dpr' : 'referee';
  const wouldHold = role === 'data_provider_representative' ? p.isDprOfWorkPackage : p.role === 'referee';
  if (wouldHold && (p.isAuthor || p.isSubmitter)) {
    return deny(
      'You are on this package’s author team (you submitted it, added a file, edited its context or were a researcher while it was a draft), so your sign-off cannot be the one from outside the research team',
      'package.self_review',
    );
  }
  if (p.reviewerStanding !== standing) return deny(`Only ${ROLE_WORDS[role]} signs as ${role.replaceAll('_', ' ')}`, 'sign_off.not_allowed');
  return s.reviewSubmitted ? allow : deny('Submit your review of this turn before signing off', 'sign_off.review_not_submitted');
}

/** Whether the actor may sign off the package in `role` now. */
export function decideSignOff(role: SignOffRole, s: SignOffSubject): Decision {
  return all(
    () =>
      s.package.status === 'in_review' ? allow : deny(`A package that is ${s.package.status.replace('_', ' ')} is not signed off; sign-offs are given while it is in review`, 'sign_off.not_in_review'),
    () => (s.package.projectStatus !== 'closed' ? allow : deny('The project is closed; its packages can no longer change', 'project.closed')),
    () => (s.requiredRoles.includes(role) ? allow : deny(`The tier policy does not ask for a ${role.replaceAll('_', ' ')} sign-off at this tier`, 'sign_off.role_not_required')),
    () => holdsRole(role, s),
  );
}

export interface SignOffAbilitySubject extends SignOffSubject {
  /** Why no sign-off is taken on this package while in review (its tier is not agreed, a seed rule keeps it inside), or allow. */
  signable: Decision;
  /** The roles in which the actor already holds a live sign-off. */
  signedRoles: readonly SignOffRole[];
}

/**
 * Whether the actor may sign off now, role by role, with the refusal the sign-off would get
 * (e.g. `sign_off.review_not_submitted` for a reviewer still to submit, `sign_off.duplicate`
 * for a role they signed in).
 */
export function signOffAbilities(s: SignOffAbilitySubject): Record<SignOffRole, Decision> {
  const out = {} as Record<SignOffRole, Decision>;
  for (const role of SIGN_OFF_ROLES) {
    out[role] = all(
      () => (s.package.status === 'in_review' ? s.signable : allow),
      () => decideSignOff(role, s),
      () => (s.signedRoles.includes(role) ? deny(`You have already signed this package off as ${role.replaceAll('_', ' ')}`, 'sign_off.duplicate') : allow),
    );
  }
  return out;
}
