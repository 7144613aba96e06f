/**
 * The review policy as a table: every kind of person × every package status × every review
 * action → allowed, or refused with the right code. Expectations are written from issue 10 §4
 * and §6, not from the policy's code.
 */
import { describe, expect, it } from 'vitest';
import { PACKAGE_STATUSES, type PackageStatus } from '../../common/vocab/statuses';
import type { PackageSubject } from './package.policy';
import { REVIEW_ACTIONS, REVIEW_POLICY, type ReviewAction, decideReview, reviewAbilities } from './review.policy';

const PERSONAS = {
  investigator: { systemRole: 'standard', role: 'investigator', author: true },
  researcher: { systemRole: 'standard', role: 'researcher', author: true },
  dpr: { systemRole: 'standard', role: 'data_provider_representative', dpr: true, standing: 'dpr' },
  // A DPR of the work package on the author team (e.g. a researcher while the package was a draft).
  dpr_author: { systemRole: 'standard', role: 'data_provider_representative', dpr: true, standing: 'dpr', author: true },
  // A DPR of the work package added after the turn was submitted: no reviewer standing.
  late_dpr: { systemRole: 'standard', role: 'data_provider_representative', dpr: true },
  other_dpr: { systemRole: 'standard', role: 'data_provider_representative' },
  referee: { systemRole: 'standard', role: 'referee', standing: 'referee' },
  unneeded_referee: { systemRole: 'standard', role: 'referee' },
  project_manager: { systemRole: 'standard', role: 'project_manager' },
  programme_manager: { systemRole: 'programme_manager', role: null },
  system_manager: { systemRole: 'system_manager', role: null },
} as const;
type Persona = keyof typeof PERSONAS;

function subject(persona: Persona, status: PackageStatus): PackageSubject {
  const p = PERSONAS[persona] as { systemRole: 'standard'; role: PackageSubject['role']; author?: boolean; dpr?: boolean; standing?: 'dpr' | 'referee' };
  return {
    actor: { userId: `user-${persona}`, systemRole: p.systemRole },
    role: p.role,
    projectStatus: 'active',
    status,
    isDprOfWorkPackage: p.dpr === true,
    reviewerStanding: p.standing ?? null,
    isSubmitter: false,
    isAuthor: p.author === true,
  };
}

const REVIEWERS: Persona[] = ['dpr', 'referee'];
const AUTHORS: Persona[] = ['investigator', 'researcher', 'dpr_author'];
const MANAGERS: Persona[] = ['project_manager', 'programme_manager'];
const CLOSED: PackageStatus[] = ['withdrawn', 'retained', 'rejected', 'releasing', 'released', 'revoked'];

/** The expected answer: true, or the refusal code. */
function expected(action: ReviewAction, persona: Persona, status: PackageStatus): true | string {
  switch (action) {
    case 'decide':
    case 'submitReview':
      if (AUTHORS.includes(persona)) return 'package.self_review';
      if (!REVIEWERS.includes(persona)) return 'review.not_a_reviewer';
      return status === 'in_review' ? true : 'review.not_in_review';
    case 'comment':
      if (![...AUTHORS, ...REVIEWERS, ...MANAGERS].includes(persona)) return 'comment.not_allowed';
      return CLOSED.includes(status) ? 'comment.thread_closed' : true;
    case 'commentPrivately':
      return REVIEWERS.includes(persona) ? true : 'comment.private_not_allowed';
    case 'commentOnRemoval':
      if (![...AUTHORS, ...REVIEWERS, ...MANAGERS, 'late_dpr'].includes(persona)) return 'comment.not_allowed';
      return status === 'withdrawn' ? 'comment.thread_closed' : true;
    case 'recordRemovalOutcome':
      if (!['investigator', 'dpr', 'dpr_author', 'late_dpr'].includes(persona)) return 'removal.not_allowed';
      return status === 'withdrawn' ? 'removal.not_allowed' : true;
  }
}

describe('the review policy', () => {
  it('has a rule for every review action', () => {
    expect(Object.keys(REVIEW_POLICY).sort()).toEqual([...REVIEW_ACTIONS].sort());
  });

  for (const action of REVIEW_ACTIONS) {
    for (const persona of Object.keys(PERSONAS) as Persona[]) {
      it(`answers ${action} by ${persona.replaceAll('_', ' ')} in every status as issue 10 says`, () => {
        for (const status of PACKAGE_STATUSES) {
          const decision = decideReview(action, subject(persona, status));
          const want = expected(action, persona, status);
          if (want === true) expect(decision, status).toEqual({ ok: true });
          else expect(decision, status).toMatchObject({ ok: false, code: want });
        }
      });
    }
  }

  it('refuses the submitter of the package as an author, whatever their standing', () => {
    const s = { ...subject('dpr', 'in_review'), isSubmitter: true };
    expect(decideReview('decide', s)).toMatchObject({ ok: false, code: 'package.self_review' });
  });

  it('refuses everything that changes a closed project, and people who cannot see the project', () => {
    const closed = { ...subject('dpr', 'in_review'), projectStatus: 'closed' as const };
    for (const action of REVIEW_ACTIONS) expect(decideReview(action, closed)).toMatchObject({ ok: false, code: 'project.closed' });
    const outsider: PackageSubject = { ...subject('dpr', 'in_review'), role: null, isDprOfWorkPackage: false, reviewerStanding: null };
    for (const action of REVIEW_ACTIONS) expect(decideReview(action, outsider)).toMatchObject({ ok: false, code: 'package.not_found' });
  });

  it('lists every action in the abilities', () => {
    expect(reviewAbilities(subject('dpr', 'in_review'))).toEqual({ decide: true, submitReview: true, comment: true, commentPrivately: true, commentOnRemoval: true, recordRemovalOutcome: true });
    expect(reviewAbilities(subject('researcher', 'in_review'))).toEqual({
      decide: false,
      submitReview: false,
      comment: true,
      commentPrivately: false,
      commentOnRemoval: true,
      recordRemovalOutcome: false,
    });
  });
});
