/**
 * Which detected media types may go into a package at a tier (docs/design.md §4). Executable
 * programs never leave a haven, whatever the tier; unknown binary types are accepted so a
 * reviewer can decide, and the filetype check flags them. A tier-4 package may hold anything
 * (it is retained inside).
 *
 * Example: `typeRefusal('image/png', 1)` → undefined; `typeRefusal('application/x-elf', 0)` → a reason.
 */
const EXECUTABLES = new Set([
  'application/x-msdownload',
  'application/x-elf',
  'application/x-mach-binary',
  'application/vnd.microsoft.portable-executable',
  'application/x-executable',
  'application/x-sharedlib',
  'application/java-vm',
]);

/** Why a type may not be added at this tier (null tier: not classified yet), or undefined when it may. */
export function typeRefusal(mediaType: string, tier: number | null): string | undefined {
  if (tier === 4) return undefined;
  if (EXECUTABLES.has(mediaType)) return `executable programs (${mediaType}) cannot leave the environment`;
  return undefined;
}
