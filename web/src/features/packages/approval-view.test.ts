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

const no = (code: string) => ({ ok: false, code, reason: 'refused' });
const abilities = (over: Partial<OfferInput['abilities']['signOff']> = {}): OfferInput['abilities'] => ({
  signOff: { investigator: no('sign_off.not_allowed'), data_provider_representative: { ok: true }, referee: no('sign_off.role_not_required'), ...over },
});
const offerInput = (over: Partial<OfferInput> = {}): OfferInput => ({
  approval: { signOffs: { required: ['investigator', 'data_provider_representative'], present: [], missing: [{ role: 'investigator' }, { role: 'data_provider_representative', userIds: ['dpr'] }] } },
  abilities: abilities(),
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
  it('offers a missing role the server would take from the caller now', () => {
    expect(signOffOffers(offerInput())).toEqual([{ role: 'data_provider_representative', ready: true }]);
    expect(signOffOffers(offerInput({ abilities: abilities({ investigator: { ok: true }, data_provider_representative: no('sign_off.not_allowed') }) }))).toEqual([
      { role: 'investigator', ready: true },
    ]);
  });

  it('asks a reviewer whom the server refuses for an unsubmitted review to submit it first', () => {
    const [offer] = signOffOffers(offerInput({ abilities: abilities({ data_provider_representative: no('sign_off.review_not_submitted') }) }));
    expect(offer).toMatchObject({ role: 'data_provider_representative', ready: false });
    expect(offer?.waitFor).toMatch(/Submit your review/);
  });

  it('offers nothing the server refuses for another reason, nor a role no longer missing', () => {
    for (const code of ['sign_off.not_allowed', 'package.self_review', 'sign_off.duplicate', 'sign_off.not_in_review', 'approval.report_tier_inside']) {
      expect(signOffOffers(offerInput({ abilities: abilities({ data_provider_representative: no(code) }) }))).toEqual([]);
    }
    const approval = { signOffs: { required: ['investigator' as const, 'data_provider_representative' as const], present: [], missing: [{ role: 'investigator' as const }] } };
    expect(signOffOffers(offerInput({ approval }))).toEqual([]);
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
