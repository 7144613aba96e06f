/**
 * A test hook (EGRESS_TEST_RELEASE_HALT_AT, server/config/config.ts): the release job, on reaching
 * the named checkpoint, says so on stderr and waits for ever, holding its job, so that a test can
 * kill the process there with SIGKILL and prove that a restarted server resumes the release
 * without doing anything twice (server/jobs/release-kill-resume.test.ts). It writes nothing and
 * changes nothing; unset, the release job has no checkpoint at all.
 */
import type { ReleaseCheckpoint } from '../../common/vocab/release';

/** The line the test waits for before it kills the process. */
export const haltedLine = (at: ReleaseCheckpoint): string => `egress: release job halted at ${at} (EGRESS_TEST_RELEASE_HALT_AT)`;

export function haltReleaseAt(at: ReleaseCheckpoint): (next: ReleaseCheckpoint) => Promise<void> {
  return async (next) => {
    if (next !== at) return;
    process.stderr.write(`${haltedLine(at)}\n`);
    await new Promise<never>(() => {});
  };
}
