/**
 * The lint rule that keeps web features apart (eslint.config.js, featureBoundary) must refuse a
 * planted cross-feature import at every depth, and let the shared folders through, so the rule
 * cannot silently stop matching.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from '${specifier}';\nexport const y = x;\n`, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the web feature boundary', () => {
  it.each([
    ['web/src/features/packages/planted.ts', '../review/api'],
    ['web/src/features/packages/components/Planted.tsx', '../../review/components/ReviewWorkbenchLink'],
    ['web/src/features/review/components/Planted.tsx', '../../packages/components/FindingsModal'],
    ['web/src/features/audit/components/deeper/Planted.tsx', '../../../projects/api'],
  ])('refuses %s importing another feature (%s)', async (filePath, specifier) => {
    expect(await restrictedImports(filePath, specifier)).toEqual([expect.stringContaining('A feature imports no other feature')]);
  });

  it.each([
    ['web/src/features/packages/components/Planted.tsx', '../../../lib/packages'],
    ['web/src/features/packages/components/Planted.tsx', '../../../components/package/CommentThread'],
    ['web/src/features/packages/components/Planted.tsx', '../approval-view'],
    ['web/src/features/packages/planted.ts', '../../lib/api'],
  ])('lets %s import shared code (%s)', async (filePath, specifier) => {
    expect(await restrictedImports(filePath, specifier)).toEqual([]);
  });

  it('refuses shared lib/ and components/ code importing a feature', async () => {
    expect(await restrictedImports('web/src/lib/planted.ts', '../features/review/api')).toHaveLength(1);
    expect(await restrictedImports('web/src/components/package/Planted.tsx', '../../features/packages/components/PackagePage')).toHaveLength(1);
  });
});
