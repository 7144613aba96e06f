import { describe, expect, it } from 'vitest';
import {
  type OfferInput,
  type Person,
  missingSignOffSentence,
  missingSignOffs,
  showsApprovalPanel,
  signOffOffers,
  storageDecisionErrors,
  submitConsequences,
  voidCauseWords,
  withdrawable,
} from './approval-view';
import type { SignOff } from '../../../../common/contracts/sign-offs.contract';

const people: Person[] = [
  { userId: 'inv', name: 'Ines Investigator', role: 'investigator' },
  { userId: 'inv2', name: 'Ivo Investigator', role: 'investigator' },
  { userId: 'dpr', name: 'Dana Provider', role: 'data_provider_representative' },
  { userId: 'dpr2', name: 'Dirk Provider', role: 'data_provider_representative' },
  { userId: 'ref', name: 'Remi Referee', role: 'referee' },
];

const signOff = (over: Partial<SignOff>): SignOff => ({
  id: 's1',
  userId: 'inv',
  userName: 'Ines Investigator',
  role: 'investigator',
  digest: 'a'.repeat(64),
  turn: 1,
  signedAt: '2026-01-01T00:00:00.000Z',
  live: true,
  bound: true,
  voidedAt: null,
  voidCause: null,
  ...over,
});

const offerInput = (over: Partial<OfferInput> = {}): OfferInput => ({
  status: 'in_review',
  approval: { signOffs: { required: ['investigator', 'data_provider_representative'], present: [], missing: [{ role: 'investigator' }, { role: 'data_provider_representative', userIds: ['dpr'] }] } },
  me: { userId: 'dpr', role: 'data_provider_representative' },
  review: { reviewer: true, submittedAt: '2026-01-01T00:00:00.000Z' },
  signOffs: [],
  ...over,
});

describe('who must still sign', () => {
  it('names every DPR still to sign, and anyone holding a role the server names no one for', () => {
    const missing = missingSignOffs([{ role: 'data_provider_representative', userIds: ['dpr', 'dpr2'] }, { role: 'investigator' }, { role: 'referee' }], people);
    expect(missing.map(missingSignOffSentence)).toEqual([
      'Data provider representative: Dana Provider and Dirk Provider must sign',
      'Investigator: one of Ines Investigator or Ivo Investigator must sign',
      'Referee: Remi Referee must sign',
    ]);
  });

  it('says when nobody on the project holds the role, and when a named person left the project', () => {
    expect(missingSignOffs([{ role: 'referee' }], []).map(missingSignOffSentence)).toEqual(['Referee: nobody on the project holds this role yet']);
    expect(missingSignOffs([{ role: 'data_provider_representative', userIds: ['gone'] }], people)[0]?.people).toEqual(['someone no longer on the project']);
  });
});

describe('the sign-off offered to the caller', () => {
  it('offers a DPR still to sign their sign-off once they submitted their review', () => {
    expect(signOffOffers(offerInput())).toEqual([{ role: 'data_provider_representative', ready: true }]);
  });

  it('asks a DPR who has not submitted their review to submit it first', () => {
    const [offer] = signOffOffers(offerInput({ review: { reviewer: true, submittedAt: null } }));
    expect(offer).toMatchObject({ role: 'data_provider_representative', ready: false });
    expect(offer?.waitFor).toMatch(/Submit your review/);
  });

  it('offers an investigator the investigator’s sign-off without a review', () => {
    expect(signOffOffers(offerInput({ me: { userId: 'inv', role: 'investigator' }, review: { reviewer: false, submittedAt: null } }))).toEqual([{ role: 'investigator', ready: true }]);
  });

  it('offers a referee only when they review the package', () => {
    const approval = { signOffs: { required: ['referee' as const], present: [], missing: [{ role: 'referee' as const }] } };
    const me = { userId: 'ref', role: 'referee' as const };
    expect(signOffOffers(offerInput({ approval, me, review: { reviewer: false, submittedAt: null } }))).toEqual([]);
    expect(signOffOffers(offerInput({ approval, me }))).toEqual([{ role: 'referee', ready: true }]);
  });

  it('offers nothing to someone not named, outside review, under a seed rule, or already signed', () => {
    expect(signOffOffers(offerInput({ me: { userId: 'dpr2', role: 'data_provider_representative' } }))).toEqual([]);
    expect(signOffOffers(offerInput({ me: { userId: 'res', role: 'researcher' } }))).toEqual([]);
    expect(signOffOffers(offerInput({ status: 'returned' }))).toEqual([]);
    const seeded = offerInput();
    seeded.approval = { ...seeded.approval, seedRule: { code: 'approval.report_tier_inside', words: 'complete and present it inside a secure environment', offers: ['retain'] } };
    expect(signOffOffers(seeded)).toEqual([]);
    expect(signOffOffers(offerInput({ signOffs: [{ userId: 'dpr', role: 'data_provider_representative', live: true, bound: true }] }))).toEqual([]);
  });

  it('offers signing again over a live sign-off on an earlier digest', () => {
    expect(signOffOffers(offerInput({ signOffs: [{ userId: 'dpr', role: 'data_provider_representative', live: true, bound: false }] }))).toEqual([
      { role: 'data_provider_representative', ready: true },
    ]);
  });

  it('lets the caller withdraw only their own live sign-offs, in review', () => {
    const list = [signOff({ id: 'mine' }), signOff({ id: 'voided', live: false, bound: false, voidCause: 'withdrawn' }), signOff({ id: 'theirs', userId: 'dpr' })];
    expect(withdrawable('in_review', list, 'inv').map((s) => s.id)).toEqual(['mine']);
    expect(withdrawable('approved', list, 'inv')).toEqual([]);
  });
});

describe('words', () => {
  it('says why a sign-off was voided, and shows an unknown cause as words', () => {
    expect(voidCauseWords('withdrawn')).toBe('withdrawn by the signer');
    expect(voidCauseWords('file_version_added')).toBe('a new file version was added');
    expect(voidCauseWords('something_new')).toBe('something new');
    expect(voidCauseWords(null)).toBe('voided');
  });

  it('says that resubmitting voids the sign-offs, and submitting does not', () => {
    expect(submitConsequences('submit').join(' ')).not.toMatch(/sign-off/);
    expect(submitConsequences('submit').join(' ')).toMatch(/checks run/);
    expect(submitConsequences('resubmit', 2).join(' ')).toMatch(/All 2 sign-offs of the package are voided/);
    expect(submitConsequences('resubmit', 1).join(' ')).toMatch(/The 1 sign-off of the package is voided/);
    expect(submitConsequences('resubmit').join(' ')).toMatch(/Every sign-off of the package is voided/);
  });

  it('shows the approval panel once the package was submitted and until it ends', () => {
    expect(showsApprovalPanel('draft', 0)).toBe(false);
    expect(showsApprovalPanel('in_review', 1)).toBe(true);
    expect(showsApprovalPanel('returned', 1)).toBe(true);
    expect(showsApprovalPanel('withdrawn', 1)).toBe(false);
  });
});

describe('the storage decision form', () => {
  const complete = { location: 'Provider archive', custodian: 'Data office', protection: 'Encrypted', retention: '10 years', reviewDate: '2031-01-31' };

  it('accepts a complete decision with a review date after today', () => {
    expect(storageDecisionErrors(complete, '2026-05-01')).toEqual({});
  });

  it('asks for every field and a review date after today', () => {
    expect(storageDecisionErrors({ ...complete, location: '  ', reviewDate: '' }, '2026-05-01')).toEqual({ location: 'Required', reviewDate: 'A date is required' });
    expect(storageDecisionErrors({ ...complete, reviewDate: '2026-05-01' }, '2026-05-01')).toEqual({ reviewDate: 'The review date must be after today' });
  });
});
