/**
 * The status of a file in the output area relative to the package being assembled, from the
 * copies packages of the project hold of it (file versions with source `output_area` and this
 * source path). Adding copies the bytes at that moment, so a later change on disk shows as
 * `changed` and never alters what the package holds.
 *
 * | status | meaning |
 * |---|---|
 * | new | no package of the project holds a copy of this path |
 * | in_package | this package holds a copy and the file still matches it |
 * | changed | this package holds a copy but the file differs from it now |
 * | released | a released package holds a copy (this one, unchanged, or another) |
 * | in_other_package | only other packages hold a copy |
 *
 * Whether a file matches its copy: a different size → no; the same size and the same
 * modification time → yes; the same size but another time → unsure, and the caller hashes
 * the file when it is small enough (`compareWithCopy` then `fileStatus` with the answer).
 *
 * Example: a table added to this package, then rewritten on disk with more rows → `changed`.
 */
import type { OutputAreaFileStatusName } from '../../../common/contracts/output-area.contract';
import type { PackageStatus } from '../../../common/vocab/statuses';

export type OutputAreaFileStatus = OutputAreaFileStatusName;

/** The latest copy of one output-area path in one package file. */
export interface OutputAreaCopy {
  packageId: string;
  packageStatus: PackageStatus;
  fileId: string;
  /** The number of the file version that holds the copy. */
  version: number;
  sha256: string;
  bytes: number;
  /** The file’s modification time (rounded to whole milliseconds) when it was copied; null if unknown. */
  mtimeMs: number | null;
}

export type CopyComparison = 'same' | 'different' | 'unsure';

/** Compares a file on disk (size, whole-millisecond mtime) with a copy, without reading it. */
export function compareWithCopy(file: { bytes: number; mtimeMs: number }, copy: OutputAreaCopy): CopyComparison {
  if (file.bytes !== copy.bytes) return 'different';
  if (copy.mtimeMs !== null && Math.round(file.mtimeMs) === copy.mtimeMs) return 'same';
  return 'unsure';
}

/**
 * The status of one file. `matches(copy)` answers whether the file on disk still has the
 * copy's content (already settled by size, time or hash); it is asked only about this package's copy.
 */
export function fileStatus(packageId: string | null, copies: readonly OutputAreaCopy[], matches: (copy: OutputAreaCopy) => boolean): OutputAreaFileStatus {
  const own = packageId === null ? undefined : copies.find((c) => c.packageId === packageId);
  if (own) {
    if (!matches(own)) return 'changed';
    return own.packageStatus === 'released' ? 'released' : 'in_package';
  }
  if (copies.some((c) => c.packageStatus === 'released')) return 'released';
  return copies.length > 0 ? 'in_other_package' : 'new';
}
