/**
 * The closure checklist, computed from facts (docs/closure.md, docs/design.md §9): pure, no I/O;
 * server/commands/closure.queries.ts loads the facts from the inventory and the database.
 *
 * A file's fate, in order:
 * 1. `egressed`: its content (sha256) is that of a file version in a release that was not
 *    revoked, whatever its path then or now, so a renamed or moved file still counts;
 * 2. `retained` / `discarded`: a person marked it so, with a reason;
 * 3. `unreadable`: the inventory could not hash it;
 * 4. `changed`: a version copied from this path (or uploaded to a package at this path) was
 *    egressed, but the file is different now;
 * 5. `unaccounted`: none of the above.
 *
 * The gaps (each with the stable code of its kind, common/vocab/closure.ts): no complete
 * inventory; each file changed, unreadable or unaccounted; a recommended package (report,
 * handover) neither released nor retained; another egress package not final; a work package not
 * classified (its package withdrawn excepted); a handover at tier ≥ 2 without an agreed storage
 * decision (withdrawn excepted); a download link still open. A waiver in force removes the gap
 * it names; file gaps are settled by marking the files, never waived.
 *
 * Example: a report released at tier 1 whose `results/table.csv` was later moved to
 * `final/table.csv` → that file is `egressed`, with the report's release as its egress.
 */
import type { ClosureFile, ClosureGap } from '../../../common/contracts/closure.contract';
import { CLOSURE_GAP_CODES, CLOSURE_GAP_LABELS, type ClosureGapCode, type FileFate, isWaivable } from '../../../common/vocab/closure';
import { PACKAGE_STATUS_LABELS, type ClassificationStatus, type PackageStatus, type WorkPackageKind } from '../../../common/vocab/statuses';
import { handoverDecisionsRequired } from '../review/handover';

export interface Person {
  id: string;
  name: string;
}

export interface InventoryFileFact {
  path: string;
  bytes: number;
  mtimeMs: number;
  sha256: string | null;
}

/** One file version that left in a release that was not revoked. */
export interface ReleasedCopyFact {
  sha256: string;
  packageId: string;
  packageName: string;
  /** Its path in the package. */
  path: string;
  versionNumber: number;
  releasedAt: string;
  destination: string | null;
  /** The output-area path it was copied from, when it was. */
  sourcePath: string | null;
}

export interface FileMarkFact {
  path: string;
  fate: 'retained' | 'discarded';
  reason: string;
  by: Person | null;
  at: string;
}

export interface WorkPackageFact {
  id: string;
  name: string;
  kind: WorkPackageKind;
  classification: ClassificationStatus;
  tier: number | null;
  /** Null for the ingress work package, which has no egress package. */
  packageStatus: PackageStatus | null;
  /** A current storage decision that everyone required agreed to. */
  storageDecisionAgreed: boolean;
}

export interface OpenLinkFact {
  id: string;
  packageName: string;
  expiresAt: string;
}

export interface WaiverFact {
  id: string;
  code: ClosureGapCode;
  key: string;
  reason: string;
  by: Person | null;
  at: string;
}

export interface ClosureFacts {
  projectId: string;
  /** The configured output area; null when the project has none (then there are no files to account for). */
  outputArea: string | null;
  /** Null when the inventory of the configured area is complete; otherwise why not. */
  inventoryProblem: string | null;
  files: readonly InventoryFileFact[];
  released: readonly ReleasedCopyFact[];
  marks: readonly FileMarkFact[];
  workPackages: readonly WorkPackageFact[];
  openLinks: readonly OpenLinkFact[];
  waivers: readonly WaiverFact[];
}

/** Statuses after which an egress package needs nothing more before closure. */
export const FINAL_PACKAGE_STATUSES: readonly PackageStatus[] = ['released', 'withdrawn', 'retained', 'rejected', 'revoked'];
/** What the two recommended packages must come to (or be waived). */
export const RECOMMENDED_DONE_STATUSES: readonly PackageStatus[] = ['released', 'retained'];

const RECOMMENDED_KINDS: readonly WorkPackageKind[] = ['egress_report', 'egress_handover'];

/** Every output-area file with its fate, in the inventory's order. */
export function fileFates(facts: Pick<ClosureFacts, 'files' | 'released' | 'marks'>): ClosureFile[] {
  const bySha = new Map<string, ReleasedCopyFact>();
  const bySource = new Map<string, ReleasedCopyFact>();
  for (const copy of [...facts.released].sort((a, b) => a.releasedAt.localeCompare(b.releasedAt))) {
    if (!bySha.has(copy.sha256)) bySha.set(copy.sha256, copy);
    // The latest release of a path wins. An uploaded file has no source path: its path in the
    // package stands in for it (outputs are usually uploaded from the same place in the area).
    bySource.set(copy.sourcePath ?? copy.path, copy);
  }
  const marks = new Map(facts.marks.map((m) => [m.path, m]));
  return facts.files.map((file): ClosureFile => {
    const mark = marks.get(file.path) ?? null;
    const released = file.sha256 === null ? undefined : bySha.get(file.sha256);
    const before = bySource.get(file.path);
    let fate: FileFate;
    if (released) fate = 'egressed';
    else if (mark) fate = mark.fate;
    else if (file.sha256 === null) fate = 'unreadable';
    else if (before) fate = 'changed';
    else fate = 'unaccounted';
    const egress = released ?? (fate === 'changed' ? before : undefined);
    return {
      path: file.path,
      bytes: file.bytes,
      mtimeMs: file.mtimeMs,
      sha256: file.sha256,
      fate,
      egress: egress
        ? { packageId: egress.packageId, packageName: egress.packageName, path: egress.path, versionNumber: egress.versionNumber, releasedAt: egress.releasedAt, destination: egress.destination }
        : null,
      mark: mark ? { fate: mark.fate, reason: mark.reason, by: mark.by, at: mark.at } : null,
    };
  });
}

const FILE_GAP_OF: Partial<Record<FileFate, ClosureGapCode>> = {
  unaccounted: 'closure.file_unaccounted',
  changed: 'closure.file_changed',
  unreadable: 'closure.file_unreadable',
};

function gap(code: ClosureGapCode, key: string, detail: string): ClosureGap {
  return { code, key, label: CLOSURE_GAP_LABELS[code], detail, waivable: isWaivable(code) };
}

/** Every gap before waivers, in the order of CLOSURE_GAP_CODES. */
export function allGaps(facts: ClosureFacts, files: readonly ClosureFile[]): ClosureGap[] {
  const gaps: ClosureGap[] = [];
  if (facts.outputArea !== null && facts.inventoryProblem !== null) gaps.push(gap('closure.inventory_missing', facts.projectId, facts.inventoryProblem));
  for (const file of files) {
    const code = FILE_GAP_OF[file.fate];
    if (!code) continue;
    const detail =
      file.fate === 'changed' && file.egress
        ? `${file.path} differs from version ${file.egress.versionNumber} of ${file.egress.path} released in ${file.egress.packageName}`
        : file.fate === 'unreadable'
          ? `${file.path} could not be read at the last inventory`
          : `${file.path} is not egressed, retained or discarded`;
    gaps.push(gap(code, file.path, detail));
  }
  for (const wp of facts.workPackages) {
    if (wp.packageStatus === null) continue;
    const status = PACKAGE_STATUS_LABELS[wp.packageStatus].toLowerCase();
    if (RECOMMENDED_KINDS.includes(wp.kind)) {
      if (!RECOMMENDED_DONE_STATUSES.includes(wp.packageStatus)) gaps.push(gap('closure.recommended_package_open', wp.id, `${wp.name} is ${status}, not released or retained`));
    } else if (!FINAL_PACKAGE_STATUSES.includes(wp.packageStatus)) {
      gaps.push(gap('closure.package_not_final', wp.id, `${wp.name} is ${status}`));
    }
  }
  for (const wp of facts.workPackages) {
    if (wp.classification !== 'classified' && wp.packageStatus !== 'withdrawn') gaps.push(gap('closure.work_package_unclassified', wp.id, `${wp.name} is ${wp.classification}`));
  }
  for (const wp of facts.workPackages) {
    if (handoverDecisionsRequired(wp.kind, wp.tier) && wp.packageStatus !== 'withdrawn' && !wp.storageDecisionAgreed) {
      gaps.push(gap('closure.storage_decision_missing', wp.id, `${wp.name} is at tier ${wp.tier} and has no storage decision agreed by everyone who must`));
    }
  }
  for (const link of facts.openLinks) gaps.push(gap('closure.link_open', link.id, `A download link of ${link.packageName} is open until ${link.expiresAt}`));
  const order = (code: ClosureGapCode) => CLOSURE_GAP_CODES.indexOf(code);
  return gaps.sort((a, b) => order(a.code) - order(b.code));
}

export interface ClosureState {
  files: ClosureFile[];
  /** Gaps not waived. */
  gaps: ClosureGap[];
  /** Waivers that name a gap present now. */
  waiversApplied: WaiverFact[];
}

/** Files with their fates, the gaps left once waivers apply, and the waivers that applied. */
export function closureState(facts: ClosureFacts): ClosureState {
  const files = fileFates(facts);
  const waived = new Map(facts.waivers.filter((w) => isWaivable(w.code)).map((w) => [`${w.code}\u0000${w.key}`, w]));
  const gaps: ClosureGap[] = [];
  const applied = new Map<string, WaiverFact>();
  for (const g of allGaps(facts, files)) {
    const waiver = waived.get(`${g.code}\u0000${g.key}`);
    if (waiver) applied.set(waiver.id, waiver);
    else gaps.push(g);
  }
  return { files, gaps, waiversApplied: [...applied.values()] };
}
