/**
 * The guards of the package moves, pure: from facts where every guard holds, each row breaks
 * exactly one condition and expects exactly that guard to be missing, with its refusal code.
 * The facts are written out here by hand, independently of the loader.
 */
import { describe, expect, it } from 'vitest';
import type { TierRule } from '../contracts/tier-policy.contract';
import { type PackageFacts, signOffStanding } from './package-facts';
import { PACKAGE_GUARDS, SIGN_OFF_GUARDS, evaluateGuards, evaluateGuardList } from './package.guards';
import { PACKAGE_TRANSITIONS } from './package.workflow';

/** The default tier policy's rules (docs/design.md §4), written out here rather than imported. */
const SIGN_OFFS: TierRule['requiredSignOffs'][] = [
  ['investigator', 'data_provider_representative'],
  ['investigator', 'data_provider_representative'],
  ['investigator', 'data_provider_representative', 'referee'],
  ['investigator', 'data_provider_representative', 'referee'],
  [],
];
const DESTINATIONS: TierRule['destinations'][] = [
  ['public_release', 'research_team', 'data_provider', 'secure_environment'],
  ['research_team', 'data_provider', 'secure_environment'],
  ['data_provider', 'secure_environment'],
  ['data_provider', 'secure_environment'],
  [],
];
const rule = (tier: number): TierRule => ({
  tier,
  egressAllowed: tier < 4,
  requiredSignOffs: SIGN_OFFS[tier] ?? [],
  destinations: DESTINATIONS[tier] ?? [],
  encryptionRequired: tier >= 2,
  linkLifetimeHours: tier < 4 ? 24 : null,
  summary: `tier ${tier}`,
});
const DIGEST = 'a'.repeat(64);

/** A tier-1 report to the research team, every file approved, every sign-off given: approvable. */
function approvable(overrides: Partial<PackageFacts> = {}): PackageFacts {
  return {
    kind: 'egress_report',
    tier: { agreed: true, tier: 1, policyVersion: 1, rule: rule(1) },
    destinationKind: 'research_team',
    outputs: 2,
    missingContext: [],
    files: [
      { fileId: 'f1', path: 'results/table1.csv', outcome: 'approved' },
      { fileId: 'f2', path: 'figures/fig1.png', outcome: 'approved' },
    ],
    reviewsSubmitted: 1,
    findings: { unresolvedBlocking: 0, unacknowledgedReview: 0 },
    handover: { storageRecorded: false, storageAgreementsMissing: [], flaggedWithoutRedactionDecision: 0 },
    signOffs: {
      digest: DIGEST,
      live: [
        { id: 's1', userId: 'inv', role: 'investigator', digest: DIGEST },
        { id: 's2', userId: 'dpr', role: 'data_provider_representative', digest: DIGEST },
      ],
      investigators: ['inv'],
      referees: ['ref'],
      dprs: ['dpr'],
      authorTeam: ['inv', 'res'],
    },
    opinionsToConfirm: [],
    ...overrides,
  };
}

/** A tier-2 handover to the data provider with its storage and redaction decisions and a referee's sign-off. */
function handoverAtTier2(overrides: Partial<PackageFacts> = {}): PackageFacts {
  const base = approvable();
  return {
    ...base,
    kind: 'egress_handover',
    tier: { agreed: true, tier: 2, policyVersion: 1, rule: rule(2) },
    destinationKind: 'data_provider',
    reviewsSubmitted: 2,
    handover: { storageRecorded: true, storageAgreementsMissing: [], flaggedWithoutRedactionDecision: 0 },
    signOffs: { ...base.signOffs, live: [...base.signOffs.live, { id: 's3', userId: 'ref', role: 'referee', digest: DIGEST }] },
    ...overrides,
  };
}

const missingIds = (facts: PackageFacts) => evaluateGuards('approve', facts).missing.map((m) => [m.id, m.code]);

describe('the guards of approve', () => {
  it('hold for an approvable tier-1 report and an approvable tier-2 handover', () => {
    expect(evaluateGuards('approve', approvable())).toMatchObject({ ok: true, missing: [] });
    expect(evaluateGuards('approve', handoverAtTier2())).toMatchObject({ ok: true, missing: [] });
  });

  const s = approvable().signOffs;
  const rows: [string, PackageFacts, string, string][] = [
    ['the tier is not agreed', approvable({ tier: { agreed: false, tier: null, policyVersion: null, rule: null } }), 'tier_agreed', 'approval.tier_not_agreed'],
    [
      'the tier is 4 (seed rule)',
      approvable({ kind: 'other', tier: { agreed: true, tier: 4, policyVersion: 1, rule: rule(4) }, reviewsSubmitted: 0 }),
      'tier_egressable',
      'approval.tier_not_egressable',
    ],
    [
      'a policy lets nothing leave at the tier',
      approvable({ tier: { agreed: true, tier: 1, policyVersion: 2, rule: { ...rule(1), egressAllowed: false } } }),
      'tier_egressable',
      'approval.tier_not_egressable',
    ],
    ['a report finalisation is at tier 2 (seed rule)', handoverAtTier2({ kind: 'egress_report' }), 'report_tier_inside', 'approval.report_tier_inside'],
    [
      'a report finalisation is at tier 3 (seed rule)',
      handoverAtTier2({ kind: 'egress_report', tier: { agreed: true, tier: 3, policyVersion: 1, rule: rule(3) } }),
      'report_tier_inside',
      'approval.report_tier_inside',
    ],
    ['no output file is left', approvable({ outputs: 0, files: [] }), 'has_outputs', 'package.no_output_files'],
    ['the destination is outside the tier', approvable({ destinationKind: 'public_release' }), 'destination_allowed', 'package.destination_not_allowed'],
    ['no destination is chosen', approvable({ destinationKind: null }), 'destination_allowed', 'package.destination_not_allowed'],
    [
      'a tier-2 handover goes to the research team although a policy allows it (seed rule)',
      handoverAtTier2({ destinationKind: 'research_team', tier: { agreed: true, tier: 2, policyVersion: 2, rule: { ...rule(2), destinations: ['research_team', 'data_provider'] } } }),
      'destination_allowed',
      'package.destination_not_allowed',
    ],
    ['a classifier must confirm their opinion', approvable({ opinionsToConfirm: ['dpr'] }), 'opinions_confirmed', 'approval.opinions_unconfirmed'],
    [
      'a file is not approved',
      approvable({
        files: [
          { fileId: 'f1', path: 'a.csv', outcome: 'approved' },
          { fileId: 'f2', path: 'b.csv', outcome: 'incomplete' },
        ],
      }),
      'files_approved',
      'approval.files_not_approved',
    ],
    ['a file must not leave', approvable({ files: [{ fileId: 'f1', path: 'a.csv', outcome: 'must_not_leave' }] }), 'files_approved', 'approval.files_not_approved'],
    ['a file is conflicted', approvable({ files: [{ fileId: 'f1', path: 'a.csv', outcome: 'conflicted' }] }), 'files_approved', 'approval.files_not_approved'],
    ['a tier-1 package has no submitted review', approvable({ reviewsSubmitted: 0 }), 'independent_reviews', 'approval.reviews_missing'],
    ['a tier-2 package has one of two reviews', handoverAtTier2({ reviewsSubmitted: 1 }), 'independent_reviews', 'approval.reviews_missing'],
    ['a blocking finding is unresolved', approvable({ findings: { unresolvedBlocking: 1, unacknowledgedReview: 0 } }), 'findings_resolved', 'approval.findings_unresolved'],
    ['a review-level finding is unacknowledged', approvable({ findings: { unresolvedBlocking: 0, unacknowledgedReview: 2 } }), 'findings_acknowledged', 'approval.findings_unacknowledged'],
    [
      'a tier-2 handover has no storage decision (seed rule)',
      handoverAtTier2({ handover: { storageRecorded: false, storageAgreementsMissing: [], flaggedWithoutRedactionDecision: 0 } }),
      'handover_storage_decision',
      'approval.storage_decision_missing',
    ],
    [
      'a DPR has not agreed to the storage decision (seed rule)',
      handoverAtTier2({ handover: { storageRecorded: true, storageAgreementsMissing: ['dpr'], flaggedWithoutRedactionDecision: 0 } }),
      'handover_storage_decision',
      'approval.storage_decision_missing',
    ],
    [
      'a flagged output of a tier-2 handover has no redaction decision (seed rule)',
      handoverAtTier2({ handover: { storageRecorded: true, storageAgreementsMissing: [], flaggedWithoutRedactionDecision: 1 } }),
      'handover_redaction_decisions',
      'approval.redaction_decisions_missing',
    ],
    ['the investigator has not signed', approvable({ signOffs: { ...s, live: s.live.filter((o) => o.role !== 'investigator') } }), 'sign_offs_present', 'approval.sign_offs_missing'],
    ['a tier-2 package has no referee sign-off', handoverAtTier2({ signOffs: s }), 'sign_offs_present', 'approval.sign_offs_missing'],
    [
      'the investigator signed an earlier digest',
      approvable({ signOffs: { ...s, live: s.live.map((o) => (o.role === 'investigator' ? { ...o, digest: 'b'.repeat(64) } : o)) } }),
      'sign_offs_present',
      'approval.sign_offs_missing',
    ],
    ['the investigator who signed is no longer an investigator', approvable({ signOffs: { ...s, investigators: ['inv2'] } }), 'sign_offs_present', 'approval.sign_offs_missing'],
    ['a second DPR of the datasets has not signed', approvable({ signOffs: { ...s, dprs: ['dpr', 'dpr2'] } }), 'sign_offs_present', 'approval.sign_offs_missing'],
  ];

  for (const [what, facts, id, code] of rows) {
    it(`is refused with ${code} when ${what}, and nothing else is missing`, () => {
      expect(missingIds(facts)).toEqual([[id, code]]);
    });
  }

  it('never lets a DPR sign-off by a member of the author team count, so the outside sign-off is what is missing', () => {
    // A policy (refused at publication, but an older one might) that asks only for the investigator.
    const onlyInvestigator = { ...rule(1), requiredSignOffs: ['investigator' as const] };
    const facts = approvable({ tier: { agreed: true, tier: 1, policyVersion: 9, rule: onlyInvestigator }, signOffs: { ...s, live: s.live.filter((o) => o.role === 'investigator') } });
    expect(missingIds(facts)).toEqual([['sign_off_outside_team', 'approval.sign_off_outside_team_missing']]);
    const authorDpr = approvable({ signOffs: { ...s, authorTeam: [...s.authorTeam, 'dpr'] } });
    expect(missingIds(authorDpr)).toEqual([
      ['sign_offs_present', 'approval.sign_offs_missing'],
      ['sign_off_outside_team', 'approval.sign_off_outside_team_missing'],
    ]);
  });

  it('reports every missing guard in table order, the first being the refusal, with words and details', () => {
    const facts = approvable({ reviewsSubmitted: 0, files: [{ fileId: 'f1', path: 'a.csv', outcome: 'incomplete' }], signOffs: { ...s, live: [] } });
    const evaluation = evaluateGuards('approve', facts);
    expect(evaluation.ok).toBe(false);
    expect(evaluation.missing.map((m) => m.id)).toEqual(['files_approved', 'independent_reviews', 'sign_offs_present', 'sign_off_outside_team']);
    expect(evaluation.missing[0]).toMatchObject({ words: 'Every output file approved by the reviewers', detail: '1 output file(s) not approved: a.csv (incomplete)' });
    expect(evaluation.guards.filter((g) => !g.ok).map((g) => g.id)).toEqual(evaluation.missing.map((m) => m.id));
  });

  it('offers retain for the seed rules that keep a package inside', () => {
    const report = evaluateGuards('approve', handoverAtTier2({ kind: 'egress_report' })).missing[0];
    expect(report?.seedRule).toEqual({ words: 'complete and present it inside a secure environment', offers: ['retain'] });
    const tier4 = evaluateGuards('approve', approvable({ tier: { agreed: true, tier: 4, policyVersion: 1, rule: rule(4) } })).missing[0];
    expect(tier4).toMatchObject({ code: 'approval.tier_not_egressable', seedRule: { offers: ['retain'] } });
  });
});

describe('the guards of submit and resubmit', () => {
  const submittable = {
    kind: 'egress_report' as const,
    tier: { agreed: false, tier: null, policyVersion: null, rule: null },
    destinationKind: 'public_release' as const,
    outputs: 1,
    missingContext: [],
  };

  it('check outputs and context, and the destination only once the tier is agreed and lets outputs leave', () => {
    for (const action of ['submit', 'resubmit'] as const) {
      expect(evaluateGuards(action, submittable).ok).toBe(true);
      expect(evaluateGuards(action, { ...submittable, outputs: 0 }).missing.map((m) => m.code)).toEqual(['package.no_output_files']);
      const context = evaluateGuards(action, { ...submittable, missingContext: ['the purpose of the egress'] }).missing;
      expect(context).toMatchObject([{ code: 'package.context_incomplete', details: { missing: ['the purpose of the egress'] } }]);
      const tier1 = { ...submittable, tier: { agreed: true, tier: 1, policyVersion: 1, rule: rule(1) } };
      expect(evaluateGuards(action, tier1).missing.map((m) => m.code)).toEqual(['package.destination_not_allowed']);
      expect(evaluateGuards(action, { ...tier1, destinationKind: 'research_team' }).ok).toBe(true);
      // Tier 4 is refused at approval (the reviewers retain it), not at submission.
      expect(evaluateGuards(action, { ...submittable, tier: { agreed: true, tier: 4, policyVersion: 1, rule: rule(4) } }).ok).toBe(true);
    }
  });

  it('refuses a tier-2 handover to the research team at submission whatever the policy allows', () => {
    const policy = { ...rule(2), destinations: ['research_team' as const, 'data_provider' as const] };
    const facts = { ...submittable, kind: 'egress_handover' as const, destinationKind: 'research_team' as const, tier: { agreed: true, tier: 2, policyVersion: 2, rule: policy } };
    expect(evaluateGuards('submit', facts).missing[0]?.detail).toBe('tier 2 allows Data provider (the original owner); the context says Research team');
  });

  it('lets an approved package with a registered destination the tier allows be released', () => {
    const agreed = { ...submittable, destinationKind: 'research_team' as const, tier: { agreed: true, tier: 1, policyVersion: 1, rule: rule(1) } };
    const registered = { ...agreed, registeredDestination: { kind: 'research_team' as const, method: 'container_push', hasRecipientKey: false, retired: false } };
    expect(evaluateGuards('release', registered).missing).toEqual([]);
  });

  it('refuses the release without a registered destination, or with a retired one', () => {
    const agreed = { ...submittable, destinationKind: 'research_team' as const, tier: { agreed: true, tier: 1, policyVersion: 1, rule: rule(1) } };
    expect(evaluateGuards('release', agreed).missing.map((m) => m.code)).toEqual(['package.destination_missing']);
    const retired = { ...agreed, registeredDestination: { kind: 'research_team' as const, method: 'link', hasRecipientKey: false, retired: true } };
    expect(evaluateGuards('release', retired).missing.map((m) => m.id)).toEqual(['destination_registered']);
  });

  it('refuses the release when the registered destination is outside the agreed tier', () => {
    const registered = { ...submittable, registeredDestination: { kind: 'public_release' as const, method: 'link', hasRecipientKey: false, retired: false } };
    expect(
      evaluateGuards('release', { ...registered, destinationKind: 'public_release' as const, tier: { agreed: true, tier: 2, policyVersion: 1, rule: rule(2) } }).missing.map((m) => m.id),
    ).toContain('destination_allowed');
  });
});

describe('the registered destination', () => {
  const keyless = { kind: 'data_provider' as const, method: 'container_push', hasRecipientKey: false, retired: false };

  it('is what the tier is checked against, whatever the context says', () => {
    const facts = approvable({ destinationKind: 'public_release', registeredDestination: { ...keyless, kind: 'public_release' } });
    expect(evaluateGuards('approve', facts).missing.map((m) => [m.id, m.code, m.detail])).toEqual([
      [
        'destination_allowed',
        'package.destination_not_allowed',
        'tier 1 allows Research team, Data provider (the original owner), Another secure environment; the registered destination is Public release',
      ],
    ]);
  });

  it('needs a recipient key where the tier requires encryption', () => {
    expect(evaluateGuards('approve', handoverAtTier2({ registeredDestination: keyless })).missing.map((m) => [m.id, m.code])).toEqual([['recipient_key_present', 'package.recipient_key_missing']]);
    expect(evaluateGuards('approve', handoverAtTier2({ registeredDestination: { ...keyless, hasRecipientKey: true } })).ok).toBe(true);
  });

  it('needs no recipient key where the tier does not require encryption, nor before one is chosen', () => {
    expect(evaluateGuards('approve', approvable({ registeredDestination: { ...keyless, kind: 'research_team' } })).ok).toBe(true);
    expect(evaluateGuards('approve', handoverAtTier2({ registeredDestination: null })).ok).toBe(true);
  });
});

describe('the guard table', () => {
  it('guards only moves of the transition table, each guard with a refusal code and words', () => {
    const actions = new Set(PACKAGE_TRANSITIONS.map((t) => t.action));
    for (const [action, guards] of Object.entries(PACKAGE_GUARDS)) {
      expect(actions.has(action as never)).toBe(true);
      for (const guard of guards) {
        expect(guard.code).toMatch(/^[a-z_]+\.[a-z_]+$/);
        expect(guard.words.length).toBeGreaterThan(10);
      }
    }
  });

  it('says before anyone signs that the tier is not agreed or a seed rule keeps the package inside', () => {
    const base = { kind: 'egress_report' as const, destinationKind: null, outputs: 0, missingContext: [] };
    const first = (tier: PackageFacts['tier'], kind: PackageFacts['kind'] = 'egress_report') => evaluateGuardList(SIGN_OFF_GUARDS, { ...base, kind, tier }).missing[0]?.code;
    expect(first({ agreed: false, tier: null, policyVersion: null, rule: null })).toBe('approval.tier_not_agreed');
    expect(first({ agreed: true, tier: 4, policyVersion: 1, rule: rule(4) }, 'egress_handover')).toBe('approval.tier_not_egressable');
    expect(first({ agreed: true, tier: 2, policyVersion: 1, rule: rule(2) })).toBe('approval.report_tier_inside');
    expect(first({ agreed: true, tier: 2, policyVersion: 1, rule: rule(2) }, 'egress_handover')).toBeUndefined();
  });
});

describe('where the sign-offs stand', () => {
  it('names every DPR still to sign, counts only bound sign-offs and lists stale ones', () => {
    const facts = approvable({
      signOffs: {
        digest: DIGEST,
        live: [
          { id: 's1', userId: 'inv', role: 'investigator', digest: 'c'.repeat(64) },
          { id: 's2', userId: 'dpr', role: 'data_provider_representative', digest: DIGEST },
        ],
        investigators: ['inv'],
        referees: [],
        dprs: ['dpr', 'dpr2', 'dpr3'],
        authorTeam: ['inv'],
      },
    });
    const standing = signOffStanding(facts);
    expect(standing.required).toEqual(['investigator', 'data_provider_representative']);
    expect(standing.present.map((o) => o.id)).toEqual(['s2']);
    expect(standing.stale.map((o) => o.id)).toEqual(['s1']);
    expect(standing.missing).toEqual([{ role: 'investigator' }, { role: 'data_provider_representative', userIds: ['dpr2', 'dpr3'] }]);
    expect(standing.outsideTeam).toBe(true);
  });
});
