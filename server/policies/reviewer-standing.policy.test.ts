/**
 * Table test for the reviewer standing rule: every project role (and none) × DPR of the work
 * package or not × when they joined × what the tier says about referees. `expected()` restates
 * the header table of reviewer-standing.policy.ts; it does not call the rule.
 */
import { describe, expect, it } from 'vitest';
import { PROJECT_ROLE_LIST, type ProjectRole } from '../../common/vocab/roles';
import { type RefereeFacts, type ReviewerFacts, type ReviewerStanding, mayReview, reviewerStandingOf } from './reviewer-standing.policy';

const SUBMITTED = '2025-03-01T10:00:00.000Z';
const JOINED = { before: '2025-02-01T10:00:00.000Z', atSubmission: SUBMITTED, after: '2025-03-02T10:00:00.000Z', never: null } as const;
type Joined = keyof typeof JOINED;

const REFEREE_CASES: Record<string, RefereeFacts> = {
  notNeeded: { needed: false, approvalRequired: false, approvedByEveryDpr: false },
  neededTier2: { needed: true, approvalRequired: false, approvedByEveryDpr: false },
  neededTier3Approved: { needed: true, approvalRequired: true, approvedByEveryDpr: true },
  neededTier3NotApproved: { needed: true, approvalRequired: true, approvedByEveryDpr: false },
};

function expected(role: ProjectRole | null, isDpr: boolean, submitted: boolean, joined: Joined, referee: RefereeFacts): ReviewerStanding {
  const takesPart = joined !== 'never';
  // Only someone who took part when the turn was submitted reviews it; in a draft nobody joined too late.
  if (submitted && (!takesPart || joined === 'after')) return null;
  if (isDpr) return 'dpr';
  if (role !== 'referee') return null;
  if (!referee.needed) return null;
  return referee.approvalRequired && !referee.approvedByEveryDpr ? null : 'referee';
}

const ROLES: (ProjectRole | null)[] = [...PROJECT_ROLE_LIST, null];

const CASES = ROLES.flatMap((role) =>
  [true, false].flatMap((isDpr) =>
    // Only a data provider representative can represent a dataset.
    isDpr && role !== 'data_provider_representative'
      ? []
      : [true, false].flatMap((submitted) =>
          (Object.keys(JOINED) as Joined[]).flatMap((joined) => Object.entries(REFEREE_CASES).map(([refereeName, referee]) => ({ role, isDpr, submitted, joined, refereeName, referee }))),
        ),
  ),
);

describe('reviewer standing policy', () => {
  it('decides the standing of every role, as a DPR of the work package or not, joined at any time, at every referee need, as the header table says', () => {
    const mismatches: string[] = [];
    for (const c of CASES) {
      const facts: ReviewerFacts = { role: c.role, isDprOfWorkPackage: c.isDpr, submittedAt: c.submitted ? SUBMITTED : null, participantSince: JOINED[c.joined], referee: c.referee };
      const actual = reviewerStandingOf(facts);
      const want = expected(c.role, c.isDpr, c.submitted, c.joined, c.referee);
      if (actual !== want)
        mismatches.push(`${c.role}/${c.isDpr ? 'dpr of wp' : 'not dpr of wp'}/${c.submitted ? 'submitted' : 'draft'}/joined ${c.joined}/${c.refereeName}: got ${actual}, want ${want}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('covers every project role, and a non-participant', () => {
    expect(new Set(CASES.map((c) => c.role))).toEqual(new Set(ROLES));
    expect(CASES.some((c) => c.isDpr)).toBe(true);
  });

  it('grants a DPR of another dataset nothing, whatever the tier says', () => {
    for (const referee of Object.values(REFEREE_CASES)) {
      expect(reviewerStandingOf({ role: 'data_provider_representative', isDprOfWorkPackage: false, submittedAt: SUBMITTED, participantSince: JOINED.before, referee })).toBeNull();
    }
  });

  it('gives a referee no standing when their facts were not loaded', () => {
    expect(reviewerStandingOf({ role: 'referee', isDprOfWorkPackage: false, submittedAt: SUBMITTED, participantSince: JOINED.before, referee: null })).toBeNull();
  });

  it('refuses a referee added after the submission, and admits one added before, as in the header example', () => {
    const facts = { role: 'referee' as const, isDprOfWorkPackage: false, submittedAt: SUBMITTED, referee: REFEREE_CASES.neededTier2 as RefereeFacts };
    expect(reviewerStandingOf({ ...facts, participantSince: JOINED.after })).toBeNull();
    expect(reviewerStandingOf({ ...facts, participantSince: JOINED.before })).toBe('referee');
  });

  it('says only DPRs of the work package and referees may review, so nothing else needs loading', () => {
    for (const role of ROLES) {
      expect(mayReview(role, false)).toBe(role === 'referee');
      expect(mayReview(role, true)).toBe(true);
    }
  });
});
