/**
 * Pure helpers for the redaction screens (no React): which way the caller commits a redaction
 * (apply or propose, from the server's abilities), a diff's hunks as numbered rows, and the
 * words for a proposal's state and for what accepting one does.
 *
 * Example: a hunk `{ oldStart: 4, newStart: 4, lines: [' a', '-7', '+[c]'] }` becomes rows
 * `4 4 a`, `5 · 7` (removed), `· 5 [c]` (added).
 */
import type { RedactionAbilities, RedactionDiffHunk, RedactionProposal } from '../../../common/contracts/redaction.contract';

/** How the caller turns a preview into a change: the author team applies, a reviewer proposes; null when neither. */
export function commitKind(abilities: RedactionAbilities): 'apply' | 'propose' | null {
  if (abilities.apply) return 'apply';
  if (abilities.propose) return 'propose';
  return null;
}

export interface DiffRow {
  op: ' ' | '-' | '+' | '@';
  oldNumber: number | null;
  newNumber: number | null;
  text: string;
}

/** Each hunk as a header row then its lines, numbered in the original and the result. */
export function diffRows(hunks: RedactionDiffHunk[]): DiffRow[] {
  const rows: DiffRow[] = [];
  for (const hunk of hunks) {
    rows.push({ op: '@', oldNumber: null, newNumber: null, text: `Lines ${hunk.oldStart}–${hunk.oldStart + Math.max(hunk.oldLines - 1, 0)} of the original` });
    let oldNumber = hunk.oldStart;
    let newNumber = hunk.newStart;
    for (const line of hunk.lines) {
      if (line.op === ' ') rows.push({ op: ' ', oldNumber: oldNumber++, newNumber: newNumber++, text: line.text });
      else if (line.op === '-') rows.push({ op: '-', oldNumber: oldNumber++, newNumber: null, text: line.text });
      else rows.push({ op: '+', oldNumber: null, newNumber: newNumber++, text: line.text });
    }
  }
  return rows;
}

export type ProposalState = 'pending' | 'stale' | 'accepted' | 'declined';

/** Where a proposal stands; a pending one on a version the file has moved past can no longer be accepted. */
export function proposalState(proposal: Pick<RedactionProposal, 'status' | 'stale'>): ProposalState {
  return proposal.status === 'pending' && proposal.stale ? 'stale' : proposal.status;
}

export const PROPOSAL_STATE_LABELS = { pending: 'Waiting for the authors', stale: 'Out of date', accepted: 'Accepted', declined: 'Declined' } as const satisfies Record<ProposalState, string>;
export const PROPOSAL_STATE_COLORS = { pending: 'yellow', stale: 'gray', accepted: 'teal', declined: 'red' } as const satisfies Record<ProposalState, string>;

/**
 * What accepting a proposal does, said before the author team confirms it: in review, the
 * package goes back to checking as a new review turn and its sign-offs are void; returned, it
 * stays returned and the new version is checked when it is resubmitted.
 */
export function acceptanceConsequence(proposal: Pick<RedactionProposal, 'path' | 'original'>, pkg: { status: string; reviewTurn: number }): string {
  const version = `Accepting makes the proposed file the new current version of ${proposal.path} (after v${proposal.original.versionNumber}). `;
  if (pkg.status !== 'in_review') return `${version}The package stays returned; the checks run on the new version when you resubmit it.`;
  return (
    `${version}The package goes back to checking: the checks run again on the new version and review turn ${pkg.reviewTurn + 1} starts. ` +
    'Every sign-off given so far is void and must be given again.'
  );
}
