/**
 * The manifest of a release bundle (common/bundle/format.ts, docs/bundles.md), assembled from
 * the database for an approved package: what leaves (the current output files only: never
 * supporting files, temporarily removed items or superseded versions), why it may leave (tier,
 * opinions, reviews, finding responses, sign-offs) and the content digest with its inputs, the
 * same digest the sign-offs were bound to (content-digest.queries.ts) so `egress verify` can
 * recompute it. No file content and no finding value is read or written here: findings appear
 * only as counts by rule and severity.
 *
 * Example: `buildManifest(db, packageId, { releaseId, releasedAt, releasedBy, toolVersion, destination })`
 * → `{ bundleFormat: 1, files: [{ path: 'results/table.csv', sha256, size, version: 2, history: [v1, v2] }], … }`.
 */
import { BUNDLE_FORMAT, type BundleManifest, type ManifestFile, type ManifestPerson } from '../../common/bundle/format';
import type { PathStep } from '../../common/contracts/question-sets.contract';
import type { ScannedEntry } from '../../common/contracts/scan.contract';
import type { SignOffRole } from '../../common/vocab/destinations';
import { type RedactionRecordRow, listRedactionRecords } from '../db/redaction.repository';
import { listCheckResultsOf, listLiveResponsesOf, listLiveReviewsOf, listVersionsOfFiles, type VersionRow } from '../db/bundle-manifest.repository';
import { listOpinions } from '../db/classification.repository';
import { findPackage } from '../db/packages.repository';
import { findProject } from '../db/projects.repository';
import type { CheckResultsTable, Db } from '../db/schema';
import { listSignOffs } from '../db/sign-offs.repository';
import { findWorkPackage } from '../db/work-packages.repository';
import { CONTENT_DIGEST_VERSION, contentDigest } from '../domain/review/content-digest';
import { findingsOfResult } from '../domain/review/result-findings';
import { DomainError } from '../domain/errors';
import { loadDigestInputs } from './content-digest.queries';

/** What the release job knows that the database does not: which release this is and where it goes. */
export interface ReleaseInfo {
  releaseId: string;
  releasedAt: string;
  releasedBy: ManifestPerson;
  /** The product version that seals the bundle. */
  toolVersion: string;
  destination: BundleManifest['destination'];
}

/** Package states in which a bundle may be built: approved, or being released (a resumed or retried release job). */
const SEALABLE = ['approved', 'releasing'];

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The manifest of the package's bundle. Throws `package.not_found` for an unknown package and
 * `bundle.not_approved` unless it is approved (or releasing) with an agreed tier.
 */
export async function buildManifest(db: Db, packageId: string, release: ReleaseInfo): Promise<BundleManifest> {
  const pkg = await findPackage(db, packageId);
  const workPackage = pkg ? await findWorkPackage(db, pkg.id) : undefined;
  const project = pkg ? await findProject(db, pkg.project_id) : undefined;
  if (!pkg || !workPackage || !project) throw new DomainError('package.not_found', 'No such package');
  if (!SEALABLE.includes(pkg.status) || workPackage.tier === null || workPackage.policy_version === null || workPackage.classified_at === null) {
    throw new DomainError('bundle.not_approved', `A bundle is built only for an approved package with an agreed tier; this package is ${pkg.status.replaceAll('_', ' ')}.`);
  }
  const inputs = await loadDigestInputs(db, pkg, workPackage);
  const versions = await listVersionsOfFiles(
    db,
    inputs.files.map((f) => f.id),
  );
  const released = releasedVersions(inputs.files, versions);
  const releasedIds = [...released.values()].map((v) => v.id);
  const pathOf = new Map([...released.entries()].map(([fileId, v]) => [v.id, { path: inputs.files.find((f) => f.id === fileId)?.path as string, version: v.number }]));
  const redactions = new Map((await listRedactionRecords(db, pkg.id)).map((r) => [r.file_version_id, r]));
  const [reviews, responses, checks, opinions, signOffs] = await Promise.all([
    listLiveReviewsOf(db, releasedIds),
    listLiveResponsesOf(db, releasedIds),
    listCheckResultsOf(db, releasedIds),
    listOpinions(db, workPackage.id),
    listSignOffs(db, pkg.id),
  ]);

  const files: ManifestFile[] = inputs.files
    .map((f) => {
      const current = released.get(f.id) as VersionRow;
      return {
        path: f.path,
        size: Number(current.bytes),
        sha256: current.sha256,
        category: 'output' as const,
        version: current.number,
        history: versions.filter((v) => v.file_id === f.id).map((v) => historyEntry(v, redactions.get(v.id))),
      };
    })
    .sort((a, b) => byCodeUnits(a.path, b.path));

  return {
    bundleFormat: BUNDLE_FORMAT,
    release: { id: release.releaseId, releasedAt: release.releasedAt, releasedBy: release.releasedBy, toolVersion: release.toolVersion },
    project: { id: project.id, name: project.name },
    workPackage: { id: workPackage.id, name: workPackage.name },
    package: { id: pkg.id, kind: workPackage.kind, title: workPackage.name },
    files,
    classification: {
      tier: Number(workPackage.tier),
      policyVersion: Number(workPackage.policy_version),
      classifiedAt: workPackage.classified_at,
      opinions: opinions
        .filter((o) => o.round === workPackage.round && o.superseded_at === null)
        .map((o) => ({ role: o.role, person: { id: o.classifier_id, name: o.classifier_name }, tier: Number(o.tier), path: JSON.parse(o.path) as PathStep[], submittedAt: o.submitted_at }))
        .sort((a, b) => byCodeUnits(a.submittedAt, b.submittedAt) || byCodeUnits(a.role, b.role) || byCodeUnits(a.person.id, b.person.id)),
    },
    // Sorted in the manifest, not only by the query, so equal timestamps order the same on every database.
    reviews: reviews
      .map((r) => ({
        ...(pathOf.get(r.file_version_id) as { path: string; version: number }),
        reviewer: { id: r.reviewer_id, name: r.reviewer_name },
        turn: r.turn,
        decision: r.decision,
        reasonCode: r.reason_code,
        decidedAt: r.decided_at,
      }))
      .sort((a, b) => byCodeUnits(a.path, b.path) || byCodeUnits(a.decidedAt, b.decidedAt) || byCodeUnits(a.reviewer.id, b.reviewer.id)),
    findingResponses: responses
      .map((r) => ({
        ...(pathOf.get(r.file_version_id) as { path: string; version: number }),
        findingKey: r.finding_key,
        rule: r.rule,
        kind: r.kind,
        by: { id: r.by_id, name: r.by_name },
        justification: r.text,
        at: r.at,
      }))
      .sort((a, b) => byCodeUnits(a.path, b.path) || byCodeUnits(a.at, b.at) || byCodeUnits(a.findingKey, b.findingKey) || byCodeUnits(a.by.id, b.by.id)),
    signOffs: signOffs
      .filter((s) => s.voided_at === null)
      .map((s) => ({ person: { id: s.user_id, name: s.user_name }, role: s.role as SignOffRole, signedAt: s.signed_at, contentDigest: s.digest }))
      .sort((a, b) => byCodeUnits(a.signedAt, b.signedAt) || byCodeUnits(a.role, b.role) || byCodeUnits(a.person.id, b.person.id)),
    contentDigest: {
      version: CONTENT_DIGEST_VERSION,
      value: contentDigest(inputs),
      inputs: { context: inputs.context, removed: inputs.removed, tier: inputs.tier, destination: inputs.destination },
    },
    findingsSummary: summarizeChecks(checks, files.length),
    removed: [...inputs.removed].sort((a, b) => byCodeUnits(a.path, b.path) || a.version - b.version),
    destination: release.destination,
  };
}

/** The current version of each released file (the digest's files are the current output versions). */
function releasedVersions(files: readonly { id: string; version: number }[], versions: readonly VersionRow[]): Map<string, VersionRow> {
  const byKey = new Map(versions.map((v) => [`${v.file_id}#${v.number}`, v]));
  return new Map(files.map((f) => [f.id, byKey.get(`${f.id}#${Number(f.version)}`) as VersionRow]));
}

/** One version of a released file's history; a redacted version names what it was made from and how (its provenance, without the change list). */
function historyEntry(v: VersionRow, redaction: RedactionRecordRow | undefined): ManifestFile['history'][number] {
  return {
    version: v.number,
    sha256: v.sha256,
    size: Number(v.bytes),
    addedAt: v.created_at,
    addedBy: v.created_by ? { id: v.created_by, name: v.created_by_name ?? '' } : null,
    origin: v.source,
    redaction: redaction
      ? {
          fromVersion: Number(redaction.original_number),
          fromSha256: redaction.original_sha256,
          operation: redaction.operation,
          parameters: JSON.parse(redaction.parameters) as unknown,
          reason: redaction.reason,
        }
      : null,
  };
}

/**
 * The checks behind the released versions, without a value or a message: counts by rule and
 * severity, and the presets, parameters and tool versions that produced them.
 */
function summarizeChecks(checks: readonly CheckResultsTable[], files: number): unknown {
  const counts = new Map<string, { rule: string; severity: string; count: number }>();
  for (const check of checks) {
    for (const { finding } of findingsOfResult(JSON.parse(check.result) as ScannedEntry)) {
      const key = `${finding.rule}\u0000${finding.severity}`;
      const entry = counts.get(key) ?? { rule: finding.rule, severity: finding.severity, count: 0 };
      entry.count += 1;
      counts.set(key, entry);
    }
  }
  const distinct = (values: string[]): string[] => [...new Set(values)].sort(byCodeUnits);
  return {
    files,
    checked: checks.length,
    verdicts: Object.fromEntries(distinct(checks.map((c) => c.verdict)).map((v) => [v, checks.filter((c) => c.verdict === v).length])),
    presets: distinct(checks.map((c) => c.preset)),
    parameters: distinct(checks.map((c) => c.parameters)).map((p) => JSON.parse(p) as unknown),
    toolVersions: distinct(checks.map((c) => c.tool_version)),
    findings: [...counts.values()].sort((a, b) => byCodeUnits(a.rule, b.rule) || byCodeUnits(a.severity, b.severity)),
  };
}
