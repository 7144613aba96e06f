/**
 * When a data provider handover needs its decisions (docs/design.md §6): a storage decision agreed
 * by the investigators and every DPR of the work package's datasets, and a redaction decision
 * for every flagged output, before approval. Recording them is allowed for any handover, at
 * any tier; only at an agreed tier of 2 or more does approval wait for them.
 *
 * Example: `handoverDecisionsRequired('egress_handover', 2)` → true; `('egress_report', 3)` → false.
 */

/** The lowest agreed tier at which a handover's approval waits for its decisions. */
export const HANDOVER_DECISIONS_FROM_TIER = 2;

/** Whether approval of this work package's package waits for the handover decisions. */
export function handoverDecisionsRequired(kind: string, tier: number | null): boolean {
  return kind === 'egress_handover' && tier !== null && tier >= HANDOVER_DECISIONS_FROM_TIER;
}
