/**
 * The sign-off panel (issue 10 §5, §7): every guard of `approve` with whether it holds, what is
 * still missing, where the sign-offs stand (who must still sign), and the seed rule that keeps
 * the package inside, if any. Read from the same facts and the same pure evaluation that refuse
 * the move, so the panel and the refusal never disagree.
 */
import type { Approval } from '../../common/contracts/sign-offs.contract';
import { signOffStanding } from '../../common/workflow/package-facts';
import { evaluateGuards } from '../../common/workflow/package.guards';
import { loadPackageFor } from './package-access';
import { loadPackageFacts } from './package-facts.queries';
import type { CommandContext } from './context';

/** What approval of the package still needs, for anyone who can see it. */
export async function getApproval(ctx: CommandContext, packageId: string): Promise<Approval> {
  const state = await loadPackageFor(ctx.db, packageId, ctx.actor);
  const facts = await loadPackageFacts(ctx.db, state);
  const evaluation = evaluateGuards('approve', facts);
  const standing = signOffStanding(facts);
  const seed = evaluation.missing.find((m) => m.seedRule);
  return {
    digest: facts.signOffs.digest,
    status: state.pkg.status,
    guards: evaluation.guards,
    missing: evaluation.missing.map(({ id, code, words, detail }) => ({ id, code, words, ...(detail ? { detail } : {}) })),
    signOffs: {
      required: standing.required,
      present: standing.present.map((s) => ({ id: s.id, userId: s.userId, role: s.role })),
      missing: standing.missing,
    },
    ...(seed?.seedRule ? { seedRule: { code: seed.code, words: seed.seedRule.words, offers: [...seed.seedRule.offers] } } : {}),
  };
}
