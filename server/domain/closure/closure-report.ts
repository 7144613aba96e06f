/**
 * The closure report's content (docs/closure.md "Closure report", docs/design.md §9): everything
 * the evidence that a project's environment can be shut down must show, as plain data that the
 * HTML and PDF renderers turn into bytes. Pure, no I/O; server/commands/closure-report.queries.ts
 * loads it. It holds names, paths, hashes, tiers, dates and the reasons people gave: never file
 * contents and never finding values.
 *
 * Example: a project with one report released → `packages[0].releases[0].manifestSha256` is the
 * sha256 of the bundle manifest that left, and `files` lists each output-area file with its fate.
 */
import type { ClosureGapCode, FileFate } from '../../../common/vocab/closure';
import type { ReleaseMethod } from '../../../common/vocab/release';
import type { ProjectRole } from '../../../common/vocab/roles';
import type { ClassificationStatus, PackageStatus, WorkPackageKind } from '../../../common/vocab/statuses';

/** The version of this shape; a renderer states it so a reader knows which layout they hold. */
export const CLOSURE_REPORT_FORMAT = 1;

export interface ReportPerson {
  id: string;
  name: string;
}

export interface ReportDataset {
  id: string;
  name: string;
  providerName: string;
  representative: ReportPerson;
}

export interface ReportOpinion {
  classifier: ReportPerson;
  role: ProjectRole;
  round: number;
  tier: number;
  submittedAt: string;
}

export interface ReportWorkPackage {
  id: string;
  name: string;
  kind: WorkPackageKind;
  classification: ClassificationStatus;
  tier: number | null;
  /** How the tier was settled: 'agreement' or 'highest_tier'. */
  resolution: string | null;
  round: number;
  classifiedAt: string | null;
  policyVersion: number | null;
  /** Names of the datasets it uses. */
  datasets: string[];
  /** The opinions of its current round that count (not superseded). */
  opinions: ReportOpinion[];
}

export interface ReportRelease {
  id: string;
  method: ReleaseMethod;
  destination: string | null;
  /** 'released', or the step it stopped at ('failed', …). */
  step: string;
  releasedAt: string | null;
  manifestSha256: string | null;
  bundleSha256: string | null;
  bundleBytes: number | null;
  keyFingerprint: string | null;
  files: number;
  revokedAt: string | null;
  revokeReason: string | null;
}

export interface ReportPackage {
  id: string;
  name: string;
  kind: WorkPackageKind;
  status: PackageStatus;
  fileCount: number;
  /** Every release attempt, oldest first. */
  releases: ReportRelease[];
}

export interface ReportFile {
  path: string;
  bytes: number;
  sha256: string | null;
  fate: FileFate;
  egress: { packageName: string; path: string; versionNumber: number; releasedAt: string; destination: string | null } | null;
  mark: { reason: string; by: ReportPerson | null; at: string } | null;
}

export interface ReportWaiver {
  code: ClosureGapCode;
  key: string;
  reason: string;
  by: ReportPerson | null;
  at: string;
}

export interface ReportStorageDecision {
  packageId: string;
  packageName: string;
  location: string;
  custodian: string;
  protection: string;
  retention: string;
  reviewDate: string;
  recordedBy: ReportPerson;
  recordedAt: string;
  agreements: { person: ReportPerson; role: string; agreedAt: string }[];
}

/** An event of the audit chain: its number and hash. */
export interface ReportChainPoint {
  seq: number;
  hash: string;
}

export interface ClosureReport {
  format: typeof CLOSURE_REPORT_FORMAT;
  /** When the report was generated: the moment the project closed. */
  generatedAt: string;
  /** Who closed the project (the audit log's label). */
  closedBy: string;
  project: { id: string; name: string; description: string; environmentTier: number; createdAt: string; outputArea: string | null };
  datasets: ReportDataset[];
  workPackages: ReportWorkPackage[];
  packages: ReportPackage[];
  files: ReportFile[];
  waivers: ReportWaiver[];
  storageDecisions: ReportStorageDecision[];
  audit: {
    /** The audit chain's head when the report was generated; the close event follows it. */
    chainHead: ReportChainPoint;
    /** The project's own latest event then (null: none). */
    projectHead: ReportChainPoint | null;
  };
}

/**
 * What the report says about the project, without when it was generated, by whom, or the
 * chain's head (which moves with other projects' work): equal for two loads exactly when the
 * project did not change between them. The close command compares the report it rendered before
 * its transaction with this, read again inside it.
 */
export function reportSubstance(report: ClosureReport): Omit<ClosureReport, 'generatedAt' | 'closedBy' | 'audit'> & { projectHead: ReportChainPoint | null } {
  const { generatedAt: _at, closedBy: _by, audit, ...rest } = report;
  return { ...rest, projectHead: audit.projectHead };
}

/** Counts of files by fate, every fate present (0 when none). */
export function filesByFate(files: readonly ReportFile[], fates: readonly FileFate[]): Record<FileFate, number> {
  const counts = Object.fromEntries(fates.map((f) => [f, 0])) as Record<FileFate, number>;
  for (const f of files) counts[f.fate] += 1;
  return counts;
}
