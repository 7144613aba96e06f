/**
 * Classification workflow of a work package, as data.
 *
 * The status of a work package is derived from its opinions by the consensus rules
 * (server/domain/classification/consensus.ts); this table says which moves are legal, who
 * causes them and which audit event records them. `transitionWorkPackage()` in
 * server/commands is the only writer of the status and refuses anything not listed here.
 *
 * Worked example: an investigator submits tier 1 → `unclassified → classifying`
 * (event `work_package.classification_started`); the DPR submits tier 1 too →
 * `classifying → classified` (event `work_package.classified`, tier 1).
 */
import type { ClassificationStatus } from '../vocab/statuses';

/**
 * `recompute`: opinions, referee approvals, participants or datasets changed and the consensus
 * rules give a new outcome. The other two are explicit decisions by a person.
 */
export type ClassificationTrigger = 'recompute' | 'resolve_highest_tier' | 'reopen';

export interface ClassificationTransition {
  from: ClassificationStatus;
  to: ClassificationStatus;
  trigger: ClassificationTrigger;
  event: string;
  when: string;
}

export const CLASSIFICATION_TRANSITIONS = [
  { from: 'unclassified', to: 'classifying', trigger: 'recompute', event: 'work_package.classification_started', when: 'some opinions in, others still required' },
  { from: 'unclassified', to: 'classified', trigger: 'recompute', event: 'work_package.classified', when: 'every required opinion in and equal' },
  { from: 'unclassified', to: 'disputed', trigger: 'recompute', event: 'work_package.disputed', when: 'every required opinion in, tiers differ' },
  { from: 'classifying', to: 'classified', trigger: 'recompute', event: 'work_package.classified', when: 'every required opinion in and equal' },
  { from: 'classifying', to: 'disputed', trigger: 'recompute', event: 'work_package.disputed', when: 'every required opinion in, tiers differ' },
  { from: 'classifying', to: 'unclassified', trigger: 'recompute', event: 'work_package.classification_reset', when: 'no counted opinion remains' },
  { from: 'disputed', to: 'classified', trigger: 'recompute', event: 'work_package.classified', when: 'revised opinions agree' },
  { from: 'disputed', to: 'classifying', trigger: 'recompute', event: 'work_package.classification_started', when: 'a newly required opinion is missing' },
  { from: 'disputed', to: 'unclassified', trigger: 'recompute', event: 'work_package.classification_reset', when: 'no counted opinion remains' },
  { from: 'disputed', to: 'classified', trigger: 'resolve_highest_tier', event: 'work_package.dispute_resolved', when: 'discussion recorded; highest tier proposed applies' },
  { from: 'classified', to: 'unclassified', trigger: 'reopen', event: 'work_package.reopened', when: 'reopened with a reason; earlier opinions kept' },
] as const satisfies readonly ClassificationTransition[];

/** Who moves a work package out of each status. */
export const CLASSIFICATION_STATUS_OWNERS = {
  unclassified: 'classifiers (by submitting opinions)',
  classifying: 'classifiers (by submitting or revising opinions)',
  disputed: 'classifiers (revise, or apply the highest tier after a recorded discussion)',
  classified: 'a classifier or manager reopening with a reason',
} as const satisfies Record<ClassificationStatus, string>;

/** The transition for a move, or undefined when the table does not allow it. */
export function findClassificationTransition(from: ClassificationStatus, to: ClassificationStatus, trigger: ClassificationTrigger): ClassificationTransition | undefined {
  return CLASSIFICATION_TRANSITIONS.find((t) => t.from === from && t.to === to && t.trigger === trigger);
}
