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

export const RELEASE_METHODS = ['link', 'container_push', 'folder_export'] as const;
export type ReleaseMethod = (typeof RELEASE_METHODS)[number];

export const RELEASE_METHOD_LABELS = {
  link: 'Download link',
  container_push: 'Push to the recipient’s storage container',
  folder_export: 'Export to a folder',
} as const satisfies Record<ReleaseMethod, string>;
