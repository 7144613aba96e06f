/**
 * Release vocabulary (docs/design.md §8, issue 12): the steps a release attempt goes through, so
 * the release job can resume where it stopped, and the delivery methods.
 *
 * Steps in order: `sealing` (the bundle is being built) → `sealed` (bundle blob stored, manifest
 * signed) → `delivering` → `delivered` → `released` (the package moved to released). `failed`
 * ends an attempt from any step before `released`; a retry starts a new attempt (a new row).
 */
export const RELEASE_STEPS = ['sealing', 'sealed', 'delivering', 'delivered', 'released', 'failed'] as const;
export type ReleaseStep = (typeof RELEASE_STEPS)[number];

/** The steps an attempt moves through, in order (`failed` is off this line). */
export const RELEASE_STEP_ORDER: readonly ReleaseStep[] = ['sealing', 'sealed', 'delivering', 'delivered', 'released'];

/**
 * The points between the release job's pieces of work (server/commands/release-stage.ts), each
 * named by what comes next: sealing; recording the sealed (and encrypted) bundle; delivering;
 * recording the verified delivery; the move to released. Tests stop the job at one to prove that
 * a worker killed there resumes without doing anything twice.
 */
export const RELEASE_CHECKPOINTS = ['seal', 'record-seal', 'deliver', 'record-delivery', 'release'] as const;
export type ReleaseCheckpoint = (typeof RELEASE_CHECKPOINTS)[number];

export const RELEASE_METHODS = ['link', 'container_push', 'folder_export'] as const;
export type ReleaseMethod = (typeof RELEASE_METHODS)[number];

export const RELEASE_METHOD_LABELS = {
  link: 'Download link',
  container_push: 'Push to the recipient’s storage container',
  folder_export: 'Export to a folder',
} as const satisfies Record<ReleaseMethod, string>;
