/**
 * Who may read a file version's bytes, from where (docs/design.md §5.2, issue 10 §1). The server sits
 * outside the secure environment, so a read from outside *is* an egress: before release, only the
 * package's reviewers read from anywhere; everyone else who may read does so from inside the
 * environment's networks (ENVIRONMENT_NETWORKS). Downloads, rendered previews and the values shown
 * in findings views all come from the same bytes, so this one rule covers them all.
 *
 * Readers: the package's **reviewers** (`packageActorsOf(s).has('reviewer')`: the DPRs of its
 * datasets and a referee where the tier needs one, never its author team); the **author team**
 * (a current investigator or researcher, or anyone on the recorded author team); **managers**
 * (project manager, programme and system managers); the **system** (CLI, workers), always inside.
 * Anyone else who can see the project (another dataset's DPR, a referee the tier does not need,
 * someone who joined after submission) reads nothing: `content.not_a_reader`.
 *
 * | status | reviewer, outside | other readers, outside | any reader, inside |
 * |---|---|---|---|
 * | draft | no | no | yes |
 * | checking, in_review, returned, approved, releasing, failed | yes (not a removed item) | no | yes |
 * | withdrawn, retained, rejected | no | no | yes |
 * | released | current, not removed output files only, for anyone who can see the project, from anywhere | ← | ← |
 * | revoked | nothing (`content.revoked`) | ← | ← |
 *
 * Supporting files are read as outputs are before release (they are context for reviewers) and
 * never after. A temporarily removed item is never read from outside, by anyone. Refusals:
 * `content.outside_environment`, `content.not_a_reader`, `content.not_released`, `content.revoked`
 * (and `package.not_found` for someone who cannot see the project).
 *
 * Files enter a package only from inside (decideIngest): an upload (simple, resumable, `egress push`)
 * from outside is refused with `ingest.outside_environment` before a byte is read; a copy from the
 * output area is made by the server from inside, so it is allowed from anywhere.
 *
 * Example: the dataset's DPR reads an output of a package in review from home → allowed; the
 * researcher who uploaded it asks from home → `content.outside_environment`; from a desk in the
 * environment → allowed.
 */
import type { FileRole, FileSource, PackageStatus } from '../../common/vocab/statuses';
import { type PackageSubject, decidePackage, packageActorsOf } from './package.policy';
import { type Decision, allow, deny } from './policy';

/** Statuses in which reviewers read from anywhere: submitted, and neither final nor released. */
export const REVIEWER_READ_STATUSES: readonly PackageStatus[] = ['checking', 'in_review', 'returned', 'approved', 'releasing', 'failed'];

/** What the rule needs to know about the file version asked for. */
export interface ContentFile {
  role: FileRole;
  /** The file is on the temporarily-removed register. */
  removed: boolean;
  /** The version asked for is the file's current one. */
  current: boolean;
}

export interface ContentReadFacts {
  subject: PackageSubject;
  /** The request came from the environment's networks (no origin: CLI or worker, inside). */
  inside: boolean;
  file: ContentFile;
}

type ReaderKind = 'reviewer' | 'inside_reader' | null;

function readerKindOf(s: PackageSubject): ReaderKind {
  const kinds = packageActorsOf(s);
  if (kinds.has('system')) return 'inside_reader';
  if (kinds.has('reviewer')) return 'reviewer';
  const authorTeam = s.role === 'investigator' || s.role === 'researcher' || s.isAuthor;
  const manager = s.role === 'project_manager' || s.actor.systemRole === 'programme_manager' || s.actor.systemRole === 'system_manager';
  return authorTeam || manager ? 'inside_reader' : null;
}

const OUTSIDE = 'This file can only be read from inside the secure environment';

/** Whether the actor may read the bytes of this file version from where the request came. */
export function decideContentRead(f: ContentReadFacts): Decision {
  const seen = decidePackage('view', f.subject);
  if (!seen.ok) return seen;
  const { status } = f.subject;
  if (status === 'revoked') return deny('The release of this package was revoked; none of its files can be read', 'content.revoked');
  if (status === 'released') {
    return f.file.role === 'output' && !f.file.removed && f.file.current ? allow : deny('Only the current versions of the released output files can be read', 'content.not_released');
  }
  const kind = readerKindOf(f.subject);
  if (kind === null) return deny('Only the package’s reviewers, its author team and managers can read its files', 'content.not_a_reader');
  if (f.inside) return allow;
  if (f.file.removed) return deny('A temporarily removed item can only be read from inside the secure environment', 'content.outside_environment');
  if (kind === 'reviewer' && REVIEWER_READ_STATUSES.includes(status)) return allow;
  if (kind === 'reviewer') return deny(`${OUTSIDE} while the package is ${status.replace('_', ' ')}`, 'content.outside_environment');
  return deny(OUTSIDE, 'content.outside_environment');
}

/** What the caller may read now, for the package's abilities: current, not removed outputs and supporting files. */
export function contentAbilities(subject: PackageSubject, inside: boolean): { readOutputs: boolean; readSupporting: boolean } {
  const current = (role: FileRole) => decideContentRead({ subject, inside, file: { role, removed: false, current: true } }).ok;
  return { readOutputs: current('output'), readSupporting: current('supporting') };
}

/**
 * Whether bytes from `source` may enter a package from where the request came: uploads only from
 * inside; the output area (copied by the server) and a redaction (made by the server from a stored
 * version) from anywhere.
 */
export function decideIngest(inside: boolean, source: FileSource): Decision {
  if (inside || source === 'output_area' || source === 'redaction') return allow;
  return deny('Files can only be uploaded from inside the secure environment (or copied from its output area)', 'ingest.outside_environment');
}
