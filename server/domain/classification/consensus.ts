/**
 * Consensus rules of docs/design.md §3.3, as one pure function.
 *
 * - Required: at least one investigator, plus the DPR of every dataset in the work package.
 * - If any DPR says tier ≥ 2, a referee becomes required.
 * - If any DPR says tier ≥ 3, a referee's opinion counts only once every DPR has approved
 *   that referee.
 * - Only opinions of people who currently hold a classifying role on the work package count
 *   (a participant removed after classifying no longer counts; their opinion stays in history).
 * - All required opinions present and equal → agreed on that tier; present and different →
 *   disputed. Nothing else yields a tier.
 *
 * Example: investigator 1, DPR 1 → agreed, tier 1. Investigator 2, DPR 2 → incomplete, waiting
 * for a referee. Investigator 3, DPR 3, referee 3 not yet approved → incomplete, waiting for
 * the DPR's approval of the referee.
 */
import type { Tier } from '../../../common/vocab/tiers';

export interface ConsensusOpinion {
  classifierId: string;
  tier: Tier;
}

export interface ConsensusInput {
  /** Active investigators of the project. */
  investigators: readonly string[];
  /** Active representatives of the datasets in the work package (distinct). */
  dprs: readonly string[];
  /** Active referees of the project. */
  referees: readonly string[];
  /** Each classifier's current opinion in the current round. */
  opinions: readonly ConsensusOpinion[];
  /** Which DPR has approved which referee for this work package. */
  refereeApprovals: readonly { refereeId: string; dprId: string }[];
}

export type Waiting = { kind: 'investigator' } | { kind: 'dpr'; userId: string } | { kind: 'referee' } | { kind: 'referee_approval'; refereeId: string; dprIds: string[] };

export type ConsensusOutcome = 'none' | 'incomplete' | 'agreed' | 'disputed';

export interface ConsensusResult {
  outcome: ConsensusOutcome;
  /** The agreed tier; present only when outcome is `agreed`. */
  tier?: Tier;
  /** The highest tier among counted opinions (what the highest-tier rule would apply). */
  highestTier?: Tier;
  refereeRequired: boolean;
  refereeApprovalRequired: boolean;
  waitingFor: Waiting[];
  /** The opinions that count towards the outcome. */
  counted: ConsensusOpinion[];
}

/** Combines the current opinions on a work package into an outcome. Never throws. */
export function decideConsensus(input: ConsensusInput): ConsensusResult {
  const byClassifier = new Map(input.opinions.map((o) => [o.classifierId, o]));
  const investigatorOpinions = input.investigators.flatMap((id) => opinionOf(byClassifier, id));
  const dprOpinions = input.dprs.flatMap((id) => opinionOf(byClassifier, id));
  const refereeRequired = dprOpinions.some((o) => o.tier >= 2);
  const refereeApprovalRequired = dprOpinions.some((o) => o.tier >= 3);

  const waitingFor: Waiting[] = [];
  if (investigatorOpinions.length === 0) waitingFor.push({ kind: 'investigator' });
  for (const id of input.dprs) if (!byClassifier.has(id)) waitingFor.push({ kind: 'dpr', userId: id });

  const refereeOpinions: ConsensusOpinion[] = [];
  const unapproved: Waiting[] = [];
  for (const refereeId of input.referees) {
    const opinion = byClassifier.get(refereeId);
    if (!opinion) continue;
    const missing = refereeApprovalRequired ? input.dprs.filter((dprId) => !input.refereeApprovals.some((a) => a.refereeId === refereeId && a.dprId === dprId)) : [];
    if (missing.length === 0) refereeOpinions.push(opinion);
    else unapproved.push({ kind: 'referee_approval', refereeId, dprIds: missing });
  }
  if (refereeRequired && refereeOpinions.length === 0) {
    waitingFor.push(...(unapproved.length > 0 ? unapproved : [{ kind: 'referee' } as const]));
  }

  const counted = [...investigatorOpinions, ...dprOpinions, ...refereeOpinions];
  const highestTier = counted.length > 0 ? (Math.max(...counted.map((o) => o.tier)) as Tier) : undefined;
  const base = { refereeRequired, refereeApprovalRequired, waitingFor, counted, highestTier };

  if (counted.length === 0) return { outcome: 'none', ...base };
  if (waitingFor.length > 0) return { outcome: 'incomplete', ...base };
  const tiers = new Set(counted.map((o) => o.tier));
  if (tiers.size === 1) return { outcome: 'agreed', tier: counted[0]?.tier, ...base };
  return { outcome: 'disputed', ...base };
}

function opinionOf(map: ReadonlyMap<string, ConsensusOpinion>, id: string): ConsensusOpinion[] {
  const o = map.get(id);
  return o ? [o] : [];
}
