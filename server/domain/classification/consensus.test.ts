import { describe, expect, it } from 'vitest';
import type { Tier } from '../../../common/vocab/tiers';
import { type ConsensusInput, type ConsensusOpinion, type ConsensusResult, decideConsensus } from './consensus';

const op = (classifierId: string, tier: Tier): ConsensusOpinion => ({ classifierId, tier });
const approval = (refereeId: string, dprId: string) => ({ refereeId, dprId });

function decide(input: Partial<ConsensusInput>): ConsensusResult {
  return decideConsensus({ investigators: [], dprs: [], referees: [], opinions: [], refereeApprovals: [], ...input });
}

/** One investigator, one dataset with its DPR, one referee. */
const TEAM = { investigators: ['inv'], dprs: ['dpr'], referees: ['ref'] } as const;
/** One investigator, two datasets with different DPRs, one referee. */
const TEAM2 = { investigators: ['inv'], dprs: ['dpr1', 'dpr2'], referees: ['ref'] } as const;

describe('decideConsensus', () => {
  describe('nobody has classified yet', () => {
    it('gives outcome none, waiting for an investigator and every DPR', () => {
      expect(decide({ ...TEAM })).toEqual({
        outcome: 'none',
        refereeRequired: false,
        refereeApprovalRequired: false,
        waitingFor: [{ kind: 'investigator' }, { kind: 'dpr', userId: 'dpr' }],
        counted: [],
        highestTier: undefined,
      });
    });

    it('gives outcome none when the only opinions are from people who no longer classify', () => {
      const result = decide({ ...TEAM, opinions: [op('gone', 2)] });
      expect(result.outcome).toBe('none');
      expect(result.counted).toEqual([]);
      expect(result.tier).toBeUndefined();
    });
  });

  describe('agreement without a referee', () => {
    it('agrees on the investigator’s tier when the work package has no datasets', () => {
      expect(decide({ investigators: ['inv'], referees: ['ref'], opinions: [op('inv', 2)] })).toEqual({
        outcome: 'agreed',
        tier: 2,
        highestTier: 2,
        refereeRequired: false,
        refereeApprovalRequired: false,
        waitingFor: [],
        counted: [op('inv', 2)],
      });
    });

    it('does not require a referee when only the investigator says tier 3 or more (the rule is about DPRs)', () => {
      const result = decide({ investigators: ['inv'], opinions: [op('inv', 4)] });
      expect(result).toMatchObject({ outcome: 'agreed', tier: 4, refereeRequired: false, refereeApprovalRequired: false });
    });

    it.each([0, 1] as const)('agrees on tier %i when the investigator and the one DPR both say it', (t) => {
      expect(decide({ ...TEAM, opinions: [op('inv', t), op('dpr', t)] })).toEqual({
        outcome: 'agreed',
        tier: t,
        highestTier: t,
        refereeRequired: false,
        refereeApprovalRequired: false,
        waitingFor: [],
        counted: [op('inv', t), op('dpr', t)],
      });
    });

    it('is incomplete while the DPR has not classified, even if a referee has', () => {
      const result = decide({ ...TEAM, opinions: [op('inv', 1), op('ref', 1)] });
      expect(result.outcome).toBe('incomplete');
      expect(result.waitingFor).toEqual([{ kind: 'dpr', userId: 'dpr' }]);
      expect(result.tier).toBeUndefined();
    });

    it('is incomplete while no investigator has classified', () => {
      const result = decide({ ...TEAM, opinions: [op('dpr', 1)] });
      expect(result.outcome).toBe('incomplete');
      expect(result.waitingFor).toEqual([{ kind: 'investigator' }]);
      expect(result.highestTier).toBe(1);
    });

    it('is incomplete when the project has no active investigator at all', () => {
      const result = decide({ investigators: [], dprs: ['dpr'], opinions: [op('dpr', 0)] });
      expect(result.outcome).toBe('incomplete');
      expect(result.waitingFor).toEqual([{ kind: 'investigator' }]);
    });
  });

  describe('a DPR says tier 2: a referee is required', () => {
    it('is incomplete, waiting for a referee, until one submits', () => {
      expect(decide({ ...TEAM, opinions: [op('inv', 2), op('dpr', 2)] })).toEqual({
        outcome: 'incomplete',
        highestTier: 2,
        refereeRequired: true,
        refereeApprovalRequired: false,
        waitingFor: [{ kind: 'referee' }],
        counted: [op('inv', 2), op('dpr', 2)],
      });
    });

    it('agrees once the referee submits the same tier, without needing approval of the referee', () => {
      expect(decide({ ...TEAM, opinions: [op('inv', 2), op('dpr', 2), op('ref', 2)] })).toEqual({
        outcome: 'agreed',
        tier: 2,
        highestTier: 2,
        refereeRequired: true,
        refereeApprovalRequired: false,
        waitingFor: [],
        counted: [op('inv', 2), op('dpr', 2), op('ref', 2)],
      });
    });

    it('is disputed when the referee submits a different tier, with the highest tier proposed', () => {
      const result = decide({ ...TEAM, opinions: [op('inv', 2), op('dpr', 2), op('ref', 3)] });
      expect(result).toEqual({
        outcome: 'disputed',
        highestTier: 3,
        refereeRequired: true,
        refereeApprovalRequired: false,
        waitingFor: [],
        counted: [op('inv', 2), op('dpr', 2), op('ref', 3)],
      });
      expect(result.tier).toBeUndefined();
    });

    it('still waits for a referee when the project has none', () => {
      const result = decide({ investigators: ['inv'], dprs: ['dpr'], opinions: [op('inv', 2), op('dpr', 2)] });
      expect(result.outcome).toBe('incomplete');
      expect(result.waitingFor).toEqual([{ kind: 'referee' }]);
    });

    it('requires a referee when the DPR says 2 even though the investigator said 1, and is incomplete rather than disputed', () => {
      const result = decide({ ...TEAM, opinions: [op('inv', 1), op('dpr', 2)] });
      expect(result).toMatchObject({ outcome: 'incomplete', refereeRequired: true, highestTier: 2, waitingFor: [{ kind: 'referee' }] });
    });
  });

  describe('a DPR says tier 3: the referee must be approved by every DPR', () => {
    it('does not count an unapproved referee’s opinion and waits for the missing approval', () => {
      expect(decide({ ...TEAM, opinions: [op('inv', 3), op('dpr', 3), op('ref', 3)] })).toEqual({
        outcome: 'incomplete',
        highestTier: 3,
        refereeRequired: true,
        refereeApprovalRequired: true,
        waitingFor: [{ kind: 'referee_approval', refereeId: 'ref', dprIds: ['dpr'] }],
        counted: [op('inv', 3), op('dpr', 3)],
      });
    });

    it('does not let an unapproved referee cause a dispute', () => {
      const result = decide({ ...TEAM, opinions: [op('inv', 3), op('dpr', 3), op('ref', 4)] });
      expect(result.outcome).toBe('incomplete');
      expect(result.highestTier).toBe(3);
    });

    it('waits for a referee (not an approval) while no referee has submitted, approved or not', () => {
      const result = decide({ ...TEAM, opinions: [op('inv', 3), op('dpr', 3)], refereeApprovals: [approval('ref', 'dpr')] });
      expect(result.waitingFor).toEqual([{ kind: 'referee' }]);
      expect(result.outcome).toBe('incomplete');
    });

    it('counts the referee once the DPR has approved them, and agrees', () => {
      expect(decide({ ...TEAM, opinions: [op('inv', 3), op('dpr', 3), op('ref', 3)], refereeApprovals: [approval('ref', 'dpr')] })).toEqual({
        outcome: 'agreed',
        tier: 3,
        highestTier: 3,
        refereeRequired: true,
        refereeApprovalRequired: true,
        waitingFor: [],
        counted: [op('inv', 3), op('dpr', 3), op('ref', 3)],
      });
    });

    it('counts an approved referee who disagrees, giving a dispute at the highest tier', () => {
      const result = decide({
        ...TEAM,
        opinions: [op('inv', 3), op('dpr', 3), op('ref', 4)],
        refereeApprovals: [approval('ref', 'dpr')],
      });
      expect(result).toMatchObject({ outcome: 'disputed', highestTier: 4, waitingFor: [] });
      expect(result.tier).toBeUndefined();
    });

    it('needs the approval of every DPR, naming only those who have not approved', () => {
      const result = decide({
        ...TEAM2,
        opinions: [op('inv', 3), op('dpr1', 3), op('dpr2', 1), op('ref', 3)],
        refereeApprovals: [approval('ref', 'dpr1')],
      });
      expect(result).toMatchObject({ outcome: 'incomplete', refereeApprovalRequired: true });
      expect(result.waitingFor).toEqual([{ kind: 'referee_approval', refereeId: 'ref', dprIds: ['dpr2'] }]);
      expect(result.counted).toEqual([op('inv', 3), op('dpr1', 3), op('dpr2', 1)]);
    });

    it('lists every missing approver when none has approved', () => {
      const result = decide({ ...TEAM2, opinions: [op('inv', 3), op('dpr1', 3), op('dpr2', 3), op('ref', 3)] });
      expect(result.waitingFor).toEqual([{ kind: 'referee_approval', refereeId: 'ref', dprIds: ['dpr1', 'dpr2'] }]);
    });

    it('needs approval even from a DPR who has not classified yet', () => {
      const result = decide({
        ...TEAM2,
        opinions: [op('inv', 3), op('dpr1', 3), op('ref', 3)],
        refereeApprovals: [approval('ref', 'dpr1')],
      });
      expect(result.waitingFor).toEqual([
        { kind: 'dpr', userId: 'dpr2' },
        { kind: 'referee_approval', refereeId: 'ref', dprIds: ['dpr2'] },
      ]);
    });

    it('agrees once every DPR has approved the referee', () => {
      const result = decide({
        ...TEAM2,
        opinions: [op('inv', 3), op('dpr1', 3), op('dpr2', 3), op('ref', 3)],
        refereeApprovals: [approval('ref', 'dpr2'), approval('ref', 'dpr1')],
      });
      expect(result).toMatchObject({ outcome: 'agreed', tier: 3, waitingFor: [] });
      expect(result.counted).toEqual([op('inv', 3), op('dpr1', 3), op('dpr2', 3), op('ref', 3)]);
    });

    it('ignores an approval given to a different referee', () => {
      const result = decide({
        investigators: ['inv'],
        dprs: ['dpr'],
        referees: ['ref', 'ref2'],
        opinions: [op('inv', 3), op('dpr', 3), op('ref', 3)],
        refereeApprovals: [approval('ref2', 'dpr')],
      });
      expect(result.waitingFor).toEqual([{ kind: 'referee_approval', refereeId: 'ref', dprIds: ['dpr'] }]);
    });

    it('ignores an approval from someone who is not a DPR of the work package', () => {
      const result = decide({
        ...TEAM,
        opinions: [op('inv', 3), op('dpr', 3), op('ref', 3)],
        refereeApprovals: [approval('ref', 'other_dpr')],
      });
      expect(result.waitingFor).toEqual([{ kind: 'referee_approval', refereeId: 'ref', dprIds: ['dpr'] }]);
    });

    it('counts only the approved one of two referees, so the unapproved one cannot cause a dispute', () => {
      const result = decide({
        investigators: ['inv'],
        dprs: ['dpr'],
        referees: ['ref1', 'ref2'],
        opinions: [op('inv', 3), op('dpr', 3), op('ref1', 3), op('ref2', 4)],
        refereeApprovals: [approval('ref1', 'dpr')],
      });
      expect(result).toMatchObject({ outcome: 'agreed', tier: 3, waitingFor: [] });
      expect(result.counted).toEqual([op('inv', 3), op('dpr', 3), op('ref1', 3)]);
    });

    it('waits for the approval of each unapproved referee who submitted', () => {
      const result = decide({
        investigators: ['inv'],
        dprs: ['dpr'],
        referees: ['ref1', 'ref2'],
        opinions: [op('inv', 3), op('dpr', 3), op('ref1', 3), op('ref2', 3)],
      });
      expect(result.waitingFor).toEqual([
        { kind: 'referee_approval', refereeId: 'ref1', dprIds: ['dpr'] },
        { kind: 'referee_approval', refereeId: 'ref2', dprIds: ['dpr'] },
      ]);
    });

    it('counts the referee again without approval when the DPR revises down to tier 2', () => {
      const result = decide({ ...TEAM, opinions: [op('inv', 2), op('dpr', 2), op('ref', 2)] });
      expect(result).toMatchObject({ outcome: 'agreed', tier: 2, refereeApprovalRequired: false });
    });
  });

  describe('several datasets with different DPRs', () => {
    it('is incomplete, naming the DPR who has not classified', () => {
      const result = decide({ ...TEAM2, opinions: [op('inv', 1), op('dpr1', 1)] });
      expect(result).toEqual({
        outcome: 'incomplete',
        highestTier: 1,
        refereeRequired: false,
        refereeApprovalRequired: false,
        waitingFor: [{ kind: 'dpr', userId: 'dpr2' }],
        counted: [op('inv', 1), op('dpr1', 1)],
      });
    });

    it('agrees when the investigator and both DPRs say the same tier', () => {
      const result = decide({ ...TEAM2, opinions: [op('dpr2', 0), op('inv', 0), op('dpr1', 0)] });
      expect(result).toMatchObject({ outcome: 'agreed', tier: 0, waitingFor: [] });
    });

    it('requires a referee when only one of the DPRs says tier 2', () => {
      const result = decide({ ...TEAM2, opinions: [op('inv', 1), op('dpr1', 1), op('dpr2', 2)] });
      expect(result).toMatchObject({ outcome: 'incomplete', refereeRequired: true, waitingFor: [{ kind: 'referee' }] });
    });

    it('ignores the opinion of a DPR whose dataset is not in the work package', () => {
      const result = decide({ ...TEAM, opinions: [op('inv', 1), op('dpr', 1), op('outsider_dpr', 3)] });
      expect(result).toEqual({
        outcome: 'agreed',
        tier: 1,
        highestTier: 1,
        refereeRequired: false,
        refereeApprovalRequired: false,
        waitingFor: [],
        counted: [op('inv', 1), op('dpr', 1)],
      });
    });
  });

  describe('participants removed after classifying', () => {
    it('ignores a removed investigator’s opinion, so the outcome becomes incomplete', () => {
      const result = decide({ investigators: ['new_inv'], dprs: ['dpr'], opinions: [op('old_inv', 1), op('dpr', 1)] });
      expect(result).toMatchObject({ outcome: 'incomplete', waitingFor: [{ kind: 'investigator' }] });
      expect(result.counted).toEqual([op('dpr', 1)]);
    });

    it('turns a dispute into agreement when the dissenting participant is removed', () => {
      const opinions = [op('inv1', 1), op('inv2', 2), op('dpr', 1)];
      expect(decide({ investigators: ['inv1', 'inv2'], dprs: ['dpr'], opinions }).outcome).toBe('disputed');
      expect(decide({ investigators: ['inv1'], dprs: ['dpr'], opinions })).toMatchObject({
        outcome: 'agreed',
        tier: 1,
        counted: [op('inv1', 1), op('dpr', 1)],
      });
    });

    it('ignores a removed referee, so a required referee is waited for again', () => {
      const result = decide({ investigators: ['inv'], dprs: ['dpr'], referees: [], opinions: [op('inv', 2), op('dpr', 2), op('ref', 2)] });
      expect(result).toMatchObject({ outcome: 'incomplete', waitingFor: [{ kind: 'referee' }] });
    });

    it('ignores a removed DPR, and the referee requirement their opinion triggered goes with them', () => {
      const result = decide({ investigators: ['inv'], dprs: [], opinions: [op('inv', 1), op('gone_dpr', 3)] });
      expect(result).toMatchObject({ outcome: 'agreed', tier: 1, refereeRequired: false, refereeApprovalRequired: false });
    });
  });

  describe('disagreement', () => {
    it('is disputed between investigator and DPR, with the highest tier proposed and no tier', () => {
      const result = decide({ ...TEAM, opinions: [op('inv', 0), op('dpr', 1)] });
      expect(result).toEqual({
        outcome: 'disputed',
        highestTier: 1,
        refereeRequired: false,
        refereeApprovalRequired: false,
        waitingFor: [],
        counted: [op('inv', 0), op('dpr', 1)],
      });
    });

    it('takes the maximum over all counted opinions as the highest tier', () => {
      const result = decide({
        ...TEAM2,
        opinions: [op('inv', 4), op('dpr1', 2), op('dpr2', 3), op('ref', 2)],
        refereeApprovals: [approval('ref', 'dpr1'), approval('ref', 'dpr2')],
      });
      expect(result).toMatchObject({ outcome: 'disputed', highestTier: 4 });
    });
  });

  describe('several investigators', () => {
    it('needs only one investigator to have classified', () => {
      const result = decide({ investigators: ['inv1', 'inv2'], dprs: ['dpr'], opinions: [op('inv2', 1), op('dpr', 1)] });
      expect(result).toMatchObject({ outcome: 'agreed', tier: 1, waitingFor: [] });
    });

    it('agrees when every investigator who classified says the same tier as the DPR', () => {
      const result = decide({ investigators: ['inv1', 'inv2'], dprs: ['dpr'], opinions: [op('inv1', 1), op('inv2', 1), op('dpr', 1)] });
      expect(result).toMatchObject({ outcome: 'agreed', tier: 1 });
      expect(result.counted).toEqual([op('inv1', 1), op('inv2', 1), op('dpr', 1)]);
    });

    it('is disputed when two investigators disagree, even though one agrees with the DPR', () => {
      const result = decide({ investigators: ['inv1', 'inv2'], dprs: ['dpr'], opinions: [op('inv1', 1), op('inv2', 0), op('dpr', 1)] });
      expect(result).toMatchObject({ outcome: 'disputed', highestTier: 1 });
    });
  });

  describe('a referee who was not required', () => {
    it('still counts when they agree', () => {
      const result = decide({ ...TEAM, opinions: [op('inv', 1), op('dpr', 1), op('ref', 1)] });
      expect(result).toMatchObject({ outcome: 'agreed', tier: 1, refereeRequired: false });
      expect(result.counted).toEqual([op('inv', 1), op('dpr', 1), op('ref', 1)]);
    });

    it('still counts and causes a dispute when they disagree', () => {
      const result = decide({ ...TEAM, opinions: [op('inv', 1), op('dpr', 1), op('ref', 3)] });
      expect(result).toEqual({
        outcome: 'disputed',
        highestTier: 3,
        refereeRequired: false,
        refereeApprovalRequired: false,
        waitingFor: [],
        counted: [op('inv', 1), op('dpr', 1), op('ref', 3)],
      });
    });
  });

  it('uses the last opinion given for a classifier when the input repeats one', () => {
    const result = decide({ ...TEAM, opinions: [op('inv', 3), op('dpr', 1), op('inv', 1)] });
    expect(result).toMatchObject({ outcome: 'agreed', tier: 1 });
  });

  describe('over every combination of opinions for one investigator, two DPRs and one referee', () => {
    const choices: (Tier | undefined)[] = [undefined, 0, 1, 2, 3, 4];
    const approvalSets: string[][] = [[], ['dpr1'], ['dpr2'], ['dpr1', 'dpr2']];

    type Case = { inv?: Tier; dpr1?: Tier; dpr2?: Tier; ref?: Tier; approvedBy: string[] };
    const cases: Case[] = [];
    for (const inv of choices)
      for (const dpr1 of choices) for (const dpr2 of choices) for (const ref of choices) for (const approvedBy of approvalSets) cases.push({ inv, dpr1, dpr2, ref, approvedBy });

    const run = (c: Case) => {
      const opinions: ConsensusOpinion[] = [];
      if (c.inv !== undefined) opinions.push(op('inv', c.inv));
      if (c.dpr1 !== undefined) opinions.push(op('dpr1', c.dpr1));
      if (c.dpr2 !== undefined) opinions.push(op('dpr2', c.dpr2));
      if (c.ref !== undefined) opinions.push(op('ref', c.ref));
      return decide({ ...TEAM2, opinions, refereeApprovals: c.approvedBy.map((d) => approval('ref', d)) });
    };

    /** An independent statement of docs/design.md §3.3 for this fixed team. */
    const expectedOutcome = (c: Case): { outcome: string; counted: number[] } => {
      const dprTiers = [c.dpr1, c.dpr2].filter((t): t is Tier => t !== undefined);
      const refereeRequired = dprTiers.some((t) => t >= 2);
      const approvalRequired = dprTiers.some((t) => t >= 3);
      const refereeCounts = c.ref !== undefined && (!approvalRequired || c.approvedBy.length === 2);
      const counted = [c.inv, c.dpr1, c.dpr2, refereeCounts ? c.ref : undefined].filter((t): t is Tier => t !== undefined);
      const complete = c.inv !== undefined && c.dpr1 !== undefined && c.dpr2 !== undefined && (!refereeRequired || refereeCounts);
      if (counted.length === 0) return { outcome: 'none', counted };
      if (!complete) return { outcome: 'incomplete', counted };
      return { outcome: new Set(counted).size === 1 ? 'agreed' : 'disputed', counted };
    };

    it('covers 5184 combinations', () => {
      expect(cases).toHaveLength(6 * 6 * 6 * 6 * 4);
    });

    it('never agrees without a tier, and never gives a tier without agreeing', () => {
      for (const c of cases) {
        const result = run(c);
        expect(result.outcome === 'agreed', JSON.stringify(c)).toBe(result.tier !== undefined);
      }
    });

    it('agrees only on a tier equal to every counted opinion', () => {
      const agreedTiers = new Set<Tier>();
      for (const c of cases) {
        const result = run(c);
        if (result.outcome !== 'agreed') continue;
        if (result.tier !== undefined) agreedTiers.add(result.tier);
        expect(result.counted.length, JSON.stringify(c)).toBeGreaterThanOrEqual(3);
        for (const o of result.counted) expect(o.tier, JSON.stringify(c)).toBe(result.tier);
      }
      // Sanity: the loop really did see agreements at every tier.
      expect([...agreedTiers].sort()).toEqual([0, 1, 2, 3, 4]);
    });

    it('gives the outcome, the counted opinions and the highest tier that docs/design.md §3.3 prescribes', () => {
      const seen = new Set<string>();
      for (const c of cases) {
        const result = run(c);
        const expected = expectedOutcome(c);
        seen.add(result.outcome);
        expect(result.outcome, JSON.stringify(c)).toBe(expected.outcome);
        expect(
          result.counted.map((o) => o.tier),
          JSON.stringify(c),
        ).toEqual(expected.counted);
        expect(result.highestTier, JSON.stringify(c)).toBe(expected.counted.length > 0 ? Math.max(...expected.counted) : undefined);
        expect(result.waitingFor.length === 0, JSON.stringify(c)).toBe(expected.outcome === 'agreed' || expected.outcome === 'disputed');
      }
      expect([...seen].sort()).toEqual(['agreed', 'disputed', 'incomplete', 'none']);
    });
  });
});
