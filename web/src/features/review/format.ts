/** Words and colours of the review screens. */
import type { FindingStanding } from '../../../../common/contracts/finding-responses.contract';
import type { FileOutcome, ReviewDecision } from '../../../../common/vocab/review';

export const OUTCOME_COLORS = {
  incomplete: 'gray',
  approved: 'teal',
  changes_requested: 'orange',
  must_not_leave: 'red',
  conflicted: 'grape',
} as const satisfies Record<FileOutcome, string>;

export const DECISION_COLORS = { approve: 'teal', request_changes: 'orange', must_not_leave: 'red' } as const satisfies Record<ReviewDecision, string>;

/** Short words for the file list, where the full label does not fit. */
export const DECISION_SHORT_LABELS = { approve: 'Approved', request_changes: 'Changes', must_not_leave: 'Stays inside' } as const satisfies Record<ReviewDecision, string>;

/** The key that takes each decision in the workbench. */
export const DECISION_KEYS = { approve: 'a', request_changes: 'c', must_not_leave: 'x' } as const satisfies Record<ReviewDecision, string>;

export const STANDING_LABELS = {
  open: 'Open',
  exception_requested: 'Exception requested',
  overridden: 'Overridden',
  refused: 'Exception refused',
  acknowledged: 'Acknowledged',
} as const satisfies Record<FindingStanding, string>;

export const STANDING_COLORS = {
  open: 'red',
  exception_requested: 'yellow',
  overridden: 'teal',
  refused: 'orange',
  acknowledged: 'teal',
} as const satisfies Record<FindingStanding, string>;
