/**
 * The decisions a data provider handover at tier ≥ 2 needs before approval (docs/design.md §6): a
 * storage decision agreed by the investigator and every DPR of the work package's datasets,
 * and a redaction decision for every flagged output. `loadHandoverDecisions` is what the
 * approval guards read (whether they apply is `handoverDecisionsRequired` in
 * server/domain/review/handover.ts); the views are what the API shows. A few queries whatever
 * the number of files.
 */
import type { FlaggedOutput, RedactionDecisionList, StorageDecision, StorageDecisionView } from '../../common/contracts/handover-decisions.contract';
import {
  type AgreementRow,
  type FlaggedOutputRow,
  type StorageDecisionRow,
  findCurrentStorageDecision,
  listAgreements,
  listFlaggedOutputs,
  listStorageDecisions,
} from '../db/handover-decisions.repository';
import { listActiveParticipants, listDatasets } from '../db/projects.repository';
import type { Db, PackagesTable } from '../db/schema';
import { listWorkPackageDatasetIds } from '../db/work-packages.repository';
import { handoverDecisionsRequired } from '../domain/review/handover';
import { handoverAbilities } from '../policies/handover-decision.policy';
import { type PackageState, loadPackageFor } from './package-access';
import type { CommandContext } from './context';

export interface HandoverDecisions {
  /** A current storage decision exists. */
  storageRecorded: boolean;
  /** Ids of people who must still agree to the current storage decision. */
  storageAgreementsMissing: string[];
  /** Current output files with a review or blocking finding and no current redaction decision. */
  flaggedWithoutRedactionDecision: number;
}

export interface Agreer {
  id: string;
  name: string;
  role: 'investigator' | 'data_provider_representative';
}

/** Everyone whose agreement a storage decision needs: the project's investigators and the DPR of every dataset of the work package (each once). */
export async function listRequiredAgreers(db: Db, pkg: Pick<PackagesTable, 'id' | 'project_id'>): Promise<Agreer[]> {
  const participants = await listActiveParticipants(db, pkg.project_id);
  const datasetIds = new Set((await listWorkPackageDatasetIds(db, [pkg.id])).get(pkg.id) ?? []);
  const out = new Map<string, Agreer>();
  for (const p of participants) if (p.role === 'investigator') out.set(p.user_id, { id: p.user_id, name: p.name, role: 'investigator' });
  for (const d of await listDatasets(db, pkg.project_id)) {
    if (datasetIds.has(d.id) && !out.has(d.representative_user_id))
      out.set(d.representative_user_id, { id: d.representative_user_id, name: d.representative_name, role: 'data_provider_representative' });
  }
  return [...out.values()];
}

/** Whether the handover's storage decision and redaction decisions are in place, for the approval guards. */
export async function loadHandoverDecisions(db: Db, pkg: PackagesTable): Promise<HandoverDecisions> {
  const current = await findCurrentStorageDecision(db, pkg.id);
  const required = await listRequiredAgreers(db, pkg);
  const agreed = new Set(current ? (await listAgreements(db, [current.id])).map((a) => a.user_id) : []);
  const flagged = await listFlaggedOutputs(db, pkg.id);
  return {
    storageRecorded: current !== undefined,
    storageAgreementsMissing: required.filter((r) => !agreed.has(r.id)).map((r) => r.id),
    flaggedWithoutRedactionDecision: flagged.filter((f) => f.decision_id === null).length,
  };
}

const toDecision = (d: StorageDecisionRow, number: number, agreements: AgreementRow[]): StorageDecision => ({
  id: d.id,
  version: number,
  location: d.location,
  custodian: d.custodian,
  protection: d.protection,
  retention: d.retention,
  reviewDate: d.review_date,
  recordedBy: { id: d.recorded_by, name: d.recorded_by_name },
  recordedAt: d.recorded_at,
  supersededAt: d.superseded_at,
  agreements: agreements.filter((a) => a.decision_id === d.id).map((a) => ({ user: { id: a.user_id, name: a.name }, role: a.role, agreedAt: a.agreed_at })),
});

const subjectOf = (state: PackageState) => ({ package: state.subject, workPackageKind: state.workPackage.kind });

/** The storage decision as the API shows it; with `state`, for a package already loaded. Throws `package.not_found` for a package the actor cannot see. */
export async function getStorageDecision(ctx: CommandContext, packageId: string, state?: PackageState): Promise<StorageDecisionView> {
  const loaded = state ?? (await loadPackageFor(ctx.db, packageId, ctx.actor));
  const decisions = await listStorageDecisions(ctx.db, packageId);
  const agreements = await listAgreements(
    ctx.db,
    decisions.map((d) => d.id),
  );
  const mustAgree = await listRequiredAgreers(ctx.db, loaded.pkg);
  const all = decisions.map((d, i) => toDecision(d, i + 1, agreements));
  const current = all.find((d) => d.supersededAt === null) ?? null;
  const agreed = new Set(current?.agreements.map((a) => a.user.id) ?? []);
  const abilities = handoverAbilities(subjectOf(loaded));
  return {
    required: handoverDecisionsRequired(loaded.workPackage.kind, loaded.workPackage.tier),
    version: decisions.length,
    current,
    mustAgree,
    missing: mustAgree.filter((p) => !agreed.has(p.id)),
    superseded: all.filter((d) => d.supersededAt !== null).reverse(),
    abilities: { record: abilities.recordStorage, agree: abilities.agreeStorage && current !== null && !agreed.has(ctx.actor.userId ?? '') },
  };
}

const toFlagged = (r: FlaggedOutputRow): FlaggedOutput => ({
  fileId: r.file_id,
  path: r.path,
  fileVersionId: r.file_version_id,
  versionNumber: Number(r.version_number),
  verdict: r.verdict as 'review' | 'block',
  decision:
    r.decision_id === null
      ? null
      : { id: r.decision_id, decision: r.decision as 'release_as_is', reason: r.reason ?? '', decidedBy: { id: r.decided_by ?? '', name: r.decided_by_name ?? '' }, decidedAt: r.decided_at ?? '' },
});

/** Every flagged output with its current redaction decision. Throws `package.not_found` for a package the actor cannot see. */
export async function listRedactionDecisions(ctx: CommandContext, packageId: string): Promise<RedactionDecisionList> {
  const state = await loadPackageFor(ctx.db, packageId, ctx.actor);
  const outputs = (await listFlaggedOutputs(ctx.db, packageId)).map(toFlagged);
  return {
    required: handoverDecisionsRequired(state.workPackage.kind, state.workPackage.tier),
    outputs,
    withoutDecision: outputs.filter((o) => o.decision === null).length,
    abilities: { decide: handoverAbilities(subjectOf(state)).decideRedaction },
  };
}
