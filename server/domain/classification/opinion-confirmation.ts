/**
 * A new file version after classification asks the classifiers to look again (issue 10 §2).
 *
 * Rule: while the work package is classified, when the newest current output file version was
 * created after the classification, each classifier whose counted opinion of the current round
 * was given before that version, and who has not confirmed it since, must confirm their opinion
 * (or, to revise it, the classification is reopened and a new round starts). Versions that
 * were there when the work package was classified ask nothing: the classification was made
 * with them in the package. Nothing earlier is deleted: a
 * confirmation is a new row, and a later version asks again.
 *
 * Example: opinions at 09:00 and 09:05, classified at 09:05, a new version of an output at
 * 10:00 → both classifiers must confirm; the investigator confirms at 10:30 → only the DPR
 * still must; another version at 11:00 → both must confirm again.
 */

export interface ConfirmationFacts {
  /** When the work package was classified; null while it is not. */
  classifiedAt: string | null;
  /** The counted opinions of the current round. */
  opinions: readonly { classifierId: string; submittedAt: string }[];
  /** Confirmations of the current round. */
  confirmations: readonly { classifierId: string; confirmedAt: string }[];
  /** When the newest current version of an output file was created; null without outputs. */
  latestVersionAt: string | null;
}

/** The classifiers who must still confirm their opinion, in the order of their opinions. Pure. */
export function classifiersToConfirm(facts: ConfirmationFacts): string[] {
  const latest = facts.latestVersionAt;
  // ISO-8601 timestamps in UTC compare as strings.
  if (facts.classifiedAt === null || latest === null || latest <= facts.classifiedAt) return [];
  return facts.opinions
    .filter((o) => {
      const seen = facts.confirmations.filter((c) => c.classifierId === o.classifierId).reduce((at, c) => (c.confirmedAt > at ? c.confirmedAt : at), o.submittedAt);
      return seen < latest;
    })
    .map((o) => o.classifierId);
}
