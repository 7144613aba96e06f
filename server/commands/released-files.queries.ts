/**
 * The files a release takes out (issue 12): the package's current, not removed output files,
 * with the version that leaves. The release job records them on the release row when it starts
 * (`insertRelease`), and that record is what the released-files view and the file content route
 * allow after release (until the sealed manifest lists them itself).
 */
import type { ReleasedFile } from '../../common/contracts/releases.contract';
import { listAllFiles } from '../db/packages.repository';
import type { Db } from '../db/schema';

/** The current versions of the package's output files that are not temporarily removed, by path. */
export async function releasableFiles(db: Db, packageId: string): Promise<ReleasedFile[]> {
  return (await listAllFiles(db, packageId))
    .filter(({ file }) => file.role === 'output' && Number(file.removed) === 0)
    .map(({ file, current }) => ({
      fileId: file.id,
      fileVersionId: current.id,
      path: file.path,
      versionNumber: current.number,
      sha256: current.sha256,
      bytes: Number(current.bytes),
      mediaType: current.media_type,
    }));
}
