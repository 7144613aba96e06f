/**
 * The code a command refused with: what refusal tests compare. Resolves to undefined when the
 * command succeeded, and to 'not a DomainError' for any other failure, so a crash never passes
 * for a refusal.
 *
 * Example: `expect(await codeOf(decideFile(as('researcher'), pkgId, fileId, input))).toBe('package.self_review')`.
 */
export async function codeOf(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
  } catch (error) {
    return (error as { code?: string }).code ?? 'not a DomainError';
  }
  return undefined;
}
