import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const eslint = new ESLint({ cwd: ROOT });

/** The no-restricted-imports messages ESLint gives `code` placed at `path`. */
async function refusals(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${path}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('sealed check families', () => {
  it('refuses a family importing another family by a sibling path', async () => {
    const found = await refusals('server/checks/families/pii/planted.ts', "import { TableRows } from '../sdc/table-rows';\nexport const x = TableRows;\n");
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('never another family');
  });

  it('refuses a family importing another family through families/', async () => {
    const found = await refusals('server/checks/families/notebook/planted.ts', "import { piiLineDetectors } from '../../families/pii';\nexport const x = piiLineDetectors;\n");
    expect(found).toHaveLength(1);
  });

  it('lets a family import its own files, the engine, shared helpers and common', async () => {
    const code = [
      "import { emailDetector } from './email.check';",
      "import { finding } from '../../engine/types';",
      "import { maskName } from '../../shared/mask-name';",
      "import { FINDING_FAMILIES } from '../../../../common/vocab/findings';",
      'export const x = [emailDetector, finding, maskName, FINDING_FAMILIES];',
      '',
    ].join('\n');
    expect(await refusals('server/checks/families/pii/planted.ts', code)).toEqual([]);
  });
});
