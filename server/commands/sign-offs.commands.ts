/**
 * Sign-offs (docs/design.md §5.4, issue 10 §5): given in a role the tier policy requires, on the content
 * digest the signer loaded, while the package is in review; withdrawn by the signer before
 * approval; never deleted (voided with the cause). The sign-off that completes the last guard
 * approves the package in the same transaction (approveIfReady).
 *
 * Example: the DPR, having submitted their review, signs `{ role: 'data_provider_representative',
 * digest }` after the investigator → the package is approved, events `package.signed_off` and
 * `package.approved`.
 */
import { type SignOffAbility, type SignOffList, signOffRequestSchema, signOffWithdrawalRequestSchema } from '../../common/contracts/sign-offs.contract';
import type { TierFacts } from '../../common/workflow/package-facts';
import { SIGN_OFF_GUARDS, evaluateGuardList } from '../../common/workflow/package.guards';
import { newId } from '../db/ids';
import type { PackagesTable } from '../db/schema';
import { hasSubmittedReview, insertSignOff, listLiveSignOffs, listSignOffs, voidSignOff } from '../db/sign-offs.repository';
import { DomainError, type ErrorCode } from '../domain/errors';
import { type Decision, allow, deny } from '../policies/policy';
import { decideSignOff, signOffAbilities } from '../policies/sign-off.policy';
import { loadContentDigest, loadDigestWith } from './content-digest.queries';
import { approveIfReady } from './package-approval';
import { type PackageState, loadPackageFor, lockPackageFor } from './package-access';
import { kindOf, loadTierFacts } from './package-facts.queries';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { parseInput } from './parse-input';

const objectOf = (pkg: PackagesTable) => ({ type: 'package', id: pkg.id, projectId: pkg.project_id });

/** Every sign-off of the package (live and voided, with the cause) and its current digest. */
export async function listPackageSignOffs(ctx: CommandContext, packageId: string): Promise<SignOffList> {
  return signOffListOf(ctx, await loadPackageFor(ctx.db, packageId, ctx.actor));
}

async function signOffListOf(ctx: CommandContext, state: PackageState): Promise<SignOffList> {
  const { pkg } = state;
  const digest = await loadContentDigest(ctx.db, pkg);
  const rows = await listSignOffs(ctx.db, pkg.id);
  const userId = ctx.actor.userId;
  const tier = await loadTierFacts(ctx.db, state.workPackage);
  const abilities = signOffAbilities({
    package: state.subject,
    requiredRoles: tier.rule?.requiredSignOffs ?? [],
    reviewSubmitted: userId !== null && (await hasSubmittedReview(ctx.db, pkg.id, pkg.review_turn, userId)),
    signable: signable(state, tier),
    signedRoles: rows.filter((r) => r.voided_at === null && r.user_id === userId).map((r) => r.role),
  });
  return {
    digest,
    status: pkg.status,
    signOffs: rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      userName: r.user_name,
      role: r.role,
      digest: r.digest,
      turn: Number(r.turn),
      signedAt: r.signed_at,
      live: r.voided_at === null,
      bound: r.voided_at === null && r.digest === digest,
      voidedAt: r.voided_at,
      voidCause: r.void_cause,
    })),
    abilities: { signOff: mapValues(abilities, abilityOf) },
  };
}

/**
 * Signs the package off in a role on the digest the signer loaded. Throws `sign_off.not_in_review`,
 * `approval.tier_not_agreed`, a seed rule's code (`approval.tier_not_egressable`,
 * `approval.report_tier_inside`), `sign_off.role_not_required`, `sign_off.not_allowed`,
 * `package.self_review`, `sign_off.review_not_submitted`, `sign_off.stale_digest` or
 * `sign_off.duplicate`, changing nothing. Approves the package when this was the last guard.
 */
export async function signOff(ctx: CommandContext, packageId: string, input: unknown): Promise<SignOffList> {
  const request = parseInput(signOffRequestSchema, input);
  await inTransaction(ctx, async (trx) => {
    const state = await lockPackageFor(trx, packageId, ctx.actor, 'view');
    const { pkg, workPackage } = state;
    const tier = await loadTierFacts(trx, workPackage);
    if (pkg.status === 'in_review') refuseUnsignable(state, tier);
    const decision = decideSignOff(request.role, {
      package: state.subject,
      requiredRoles: tier.rule?.requiredSignOffs ?? [],
      reviewSubmitted: request.role !== 'investigator' && ctx.actor.userId !== null && (await hasSubmittedReview(trx, pkg.id, pkg.review_turn, ctx.actor.userId)),
    });
    if (!decision.ok) throw new DomainError(decision.code, decision.reason, { role: request.role });
    const { digest } = await loadDigestWith(trx, pkg, workPackage);
    if (request.digest !== digest) {
      throw new DomainError('sign_off.stale_digest', 'The package changed since you loaded it; review the changes and sign again', { digest });
    }
    const userId = ctx.actor.userId as string;
    if ((await listLiveSignOffs(trx, pkg.id)).some((s) => s.user_id === userId && s.role === request.role)) {
      throw new DomainError('sign_off.duplicate', `You have already signed this package off as ${request.role.replaceAll('_', ' ')}`);
    }
    const id = newId();
    const at = nowIso(ctx);
    await insertSignOff(
      trx,
      { id, package_id: pkg.id, turn: pkg.review_turn, user_id: userId, role: request.role, digest, signed_at: at, voided_at: null, void_cause: null },
      auditBy(ctx, 'package.signed_off', objectOf(pkg), { signOffId: id, role: request.role, digest, reviewTurn: pkg.review_turn }),
    );
    await approveIfReady(trx, { ...ctx, db: trx }, state);
  });
  return signOffListOf(ctx, await loadPackageFor(ctx.db, packageId, ctx.actor));
}

/**
 * The tier and the seed rules that make every sign-off pointless are said before anything else
 * (SIGN_OFF_GUARDS): a package whose tier is not agreed has no required roles yet; a tier-4
 * package or a report at tier ≥ 2 is never approved (docs/design.md §6).
 */
function unsignable(state: PackageState, tier: TierFacts): { code: ErrorCode; message: string; guard: string } | undefined {
  const facts = { kind: kindOf(state.workPackage.kind), tier, destinationKind: null, outputs: 0, missingContext: [] };
  const first = evaluateGuardList(SIGN_OFF_GUARDS, facts).missing[0];
  if (!first) return undefined;
  const message = first.seedRule ? `This package is never approved for release, so it is not signed off: ${first.seedRule.words}` : `Not yet: ${first.words}`;
  return { code: first.code as ErrorCode, message, guard: first.id };
}

function refuseUnsignable(state: PackageState, tier: TierFacts): void {
  const refusal = unsignable(state, tier);
  if (refusal) throw new DomainError(refusal.code, refusal.message, { guard: refusal.guard });
}

function signable(state: PackageState, tier: TierFacts): Decision {
  const refusal = unsignable(state, tier);
  return refusal ? deny(refusal.message, refusal.code) : allow;
}

const abilityOf = (d: Decision): SignOffAbility => (d.ok ? { ok: true } : { ok: false, code: d.code, reason: d.reason });

function mapValues<K extends string, A, B>(record: Record<K, A>, f: (a: A) => B): Record<K, B> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v as A)])) as Record<K, B>;
}

/** The signer takes back their own live sign-off before approval: voided with cause `withdrawn`. */
export async function withdrawSignOff(ctx: CommandContext, packageId: string, signOffId: string, input: unknown): Promise<SignOffList> {
  parseInput(signOffWithdrawalRequestSchema, input ?? {});
  await inTransaction(ctx, async (trx) => {
    const state = await lockPackageFor(trx, packageId, ctx.actor, 'view');
    const row = (await listSignOffs(trx, packageId)).find((s) => s.id === signOffId);
    if (!row || row.user_id !== ctx.actor.userId) throw new DomainError('sign_off.not_found', 'No such sign-off of yours on this package');
    if (row.voided_at !== null) throw new DomainError('sign_off.voided', `This sign-off was already voided (${row.void_cause ?? 'voided'})`);
    if (state.pkg.status !== 'in_review')
      throw new DomainError('sign_off.not_in_review', `A package that is ${state.pkg.status.replace('_', ' ')} keeps its sign-offs; they are withdrawn only while it is in review`);
    const at = nowIso(ctx);
    await voidSignOff(trx, row.id, 'withdrawn', at, auditBy(ctx, 'package.sign_off_withdrawn', objectOf(state.pkg), { signOffId: row.id, role: row.role, digest: row.digest }));
  });
  return signOffListOf(ctx, await loadPackageFor(ctx.db, packageId, ctx.actor));
}
