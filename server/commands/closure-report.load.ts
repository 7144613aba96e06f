/**
 * Loads a project's closure report (server/domain/closure/closure-report.ts) from the database:
 * the closure checklist's facts and file fates (closure.queries.ts), the datasets, work
 * packages with the opinions that count, packages with every release attempt, the waivers in
 * force, the current storage decisions with their agreements, and the audit chain's head. Lists
 * are in a stable order (dates, then names or ids), so the same data renders the same bytes.
 */
import type { ReleaseMethod } from '../../common/vocab/release';
import type { ProjectRole } from '../../common/vocab/roles';
import { findLatestProjectEvent, listCountingOpinions, listProjectReleases, readAuditChainHead } from '../db/closure-reports.repository';
import { listAgreements, listStorageDecisions } from '../db/handover-decisions.repository';
import { listDatasets } from '../db/projects.repository';
import type { Db, ProjectsTable } from '../db/schema';
import { listWorkPackageDatasetIds, listWorkPackages } from '../db/work-packages.repository';
import { CLOSURE_REPORT_FORMAT, type ClosureReport, type ReportPackage, type ReportStorageDecision } from '../domain/closure/closure-report';
import { loadClosureState } from './closure.queries';

const byKeys =
  <T>(...keys: ((t: T) => string)[]) =>
  (a: T, b: T): number => {
    for (const key of keys) {
      const x = key(a);
      const y = key(b);
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };

/** Everything the closure report shows, as of `at`, closed by `closedBy` (an audit label). */
export async function loadClosureReport(db: Db, project: ProjectsTable, at: string, closedBy: string): Promise<ClosureReport> {
  const { facts, state } = await loadClosureState(db, project, at);
  const datasets = (await listDatasets(db, project.id)).sort(
    byKeys(
      (d) => d.created_at,
      (d) => d.name,
      (d) => d.id,
    ),
  );
  const datasetNames = new Map(datasets.map((d) => [d.id, d.name]));
  const workPackages = (await listWorkPackages(db, project.id)).sort(
    byKeys(
      (w) => w.created_at,
      (w) => w.name,
      (w) => w.id,
    ),
  );
  const wpDatasets = await listWorkPackageDatasetIds(
    db,
    workPackages.map((w) => w.id),
  );
  const opinions = await listCountingOpinions(db, project.id);
  const packageRows = await db.selectFrom('packages').select(['id', 'status', 'file_count']).where('project_id', '=', project.id).execute();
  const packageById = new Map(packageRows.map((p) => [p.id, p]));
  const releases = await listProjectReleases(db, project.id);

  const packages: ReportPackage[] = [];
  const storageDecisions: ReportStorageDecision[] = [];
  for (const w of workPackages) {
    const pkg = packageById.get(w.id);
    if (!pkg) continue;
    packages.push({
      id: w.id,
      name: w.name,
      kind: w.kind,
      status: pkg.status,
      fileCount: Number(pkg.file_count),
      releases: releases
        .filter((r) => r.package_id === w.id)
        .map((r) => ({
          id: r.id,
          method: r.method as ReleaseMethod,
          destination: r.destination_name,
          step: r.step,
          releasedAt: r.released_at,
          manifestSha256: r.manifest_sha256,
          bundleSha256: r.bundle_sha256,
          bundleBytes: r.bundle_bytes === null ? null : Number(r.bundle_bytes),
          keyFingerprint: r.key_fingerprint,
          files: (JSON.parse(r.files) as unknown[]).length,
          revokedAt: r.revoked_at,
          revokeReason: r.revoke_reason,
        })),
    });
    const current = (await listStorageDecisions(db, w.id)).filter((d) => d.superseded_at === null);
    const agreements = await listAgreements(
      db,
      current.map((d) => d.id),
    );
    for (const d of current) {
      storageDecisions.push({
        packageId: w.id,
        packageName: w.name,
        location: d.location,
        custodian: d.custodian,
        protection: d.protection,
        retention: d.retention,
        reviewDate: d.review_date,
        recordedBy: { id: d.recorded_by, name: d.recorded_by_name },
        recordedAt: d.recorded_at,
        agreements: agreements
          .filter((a) => a.decision_id === d.id)
          .sort(
            byKeys(
              (a) => a.agreed_at,
              (a) => a.user_id,
            ),
          )
          .map((a) => ({ person: { id: a.user_id, name: a.name }, role: a.role, agreedAt: a.agreed_at })),
      });
    }
  }

  return {
    format: CLOSURE_REPORT_FORMAT,
    generatedAt: at,
    closedBy,
    project: {
      id: project.id,
      name: project.name,
      description: project.description,
      environmentTier: project.environment_tier,
      createdAt: project.created_at,
      outputArea: project.output_area,
    },
    datasets: datasets.map((d) => ({ id: d.id, name: d.name, providerName: d.provider_name, representative: { id: d.representative_user_id, name: d.representative_name } })),
    workPackages: workPackages.map((w) => ({
      id: w.id,
      name: w.name,
      kind: w.kind,
      classification: w.status,
      tier: w.tier,
      resolution: w.resolution,
      round: w.round,
      classifiedAt: w.classified_at,
      policyVersion: w.policy_version,
      datasets: (wpDatasets.get(w.id) ?? []).map((id) => datasetNames.get(id) ?? id).sort(),
      opinions: opinions
        .filter((o) => o.work_package_id === w.id && o.round === w.round)
        .map((o) => ({ classifier: { id: o.classifier_id, name: o.classifier_name }, role: o.role as ProjectRole, round: o.round, tier: o.tier, submittedAt: o.submitted_at })),
    })),
    packages,
    files: state.files.map((f) => ({
      path: f.path,
      bytes: f.bytes,
      sha256: f.sha256,
      fate: f.fate,
      egress: f.egress ? { packageName: f.egress.packageName, path: f.egress.path, versionNumber: f.egress.versionNumber, releasedAt: f.egress.releasedAt, destination: f.egress.destination } : null,
      mark: f.mark ? { reason: f.mark.reason, by: f.mark.by, at: f.mark.at } : null,
    })),
    waivers: [...facts.waivers]
      .sort(
        byKeys(
          (w) => w.at,
          (w) => w.code,
          (w) => w.key,
        ),
      )
      .map((w) => ({ code: w.code, key: w.key, reason: w.reason, by: w.by, at: w.at })),
    storageDecisions,
    audit: { chainHead: await readAuditChainHead(db), projectHead: await findLatestProjectEvent(db, project.id) },
  };
}
