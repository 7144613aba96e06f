/**
 * The import zones of eslint.config.js really fire: each planted violation in lint-fixtures/ is
 * refused by the rule it names, and each zone's allowed import passes. The fixtures are linted
 * as if they sat directly in their zone's folder, so the real zone paths are what is tested.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixturesDir = join(root, 'lint-fixtures');

interface Fixture {
  zone: string;
  name: string;
  text: string;
  expectedRule: string | null;
}

function fixtures(dir = fixturesDir): Fixture[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry): Fixture[] => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return fixtures(path);
    if (!entry.name.endsWith('.ts')) return [];
    const text = readFileSync(path, 'utf8');
    const expectedRule = entry.name.startsWith('refused') ? (/\(rule: ([^)]+)\)/.exec(text)?.[1] ?? 'unnamed') : null;
    return [{ zone: relative(fixturesDir, dir).split('\\').join('/'), name: entry.name, text, expectedRule }];
  });
}

const all = fixtures();
const eslint = new ESLint({ cwd: root, overrideConfigFile: join(root, 'eslint.config.js'), ignore: false });

async function lintAsZoneFile(fixture: Fixture) {
  const [result] = await eslint.lintText(fixture.text, { filePath: join(root, fixture.zone, '__lint_fixture__.ts') });
  return result?.messages ?? [];
}

describe('the import zones of eslint.config.js', () => {
  it('has a refused and an allowed fixture for every zone it declares', async () => {
    const config = (await import(pathToFileURL(join(root, 'eslint.config.js')).href)) as { ZONES: Record<string, unknown> };
    for (const zone of Object.keys(config.ZONES)) {
      expect(
        all.filter((f) => f.zone === zone).map((f) => f.expectedRule === null),
        zone,
      ).toEqual(expect.arrayContaining([true, false]));
    }
  });

  it.each(all.filter((f) => f.expectedRule !== null).map((f) => [`${f.zone}/${f.name}`, f] as const))('refuses the planted violation %s with the rule it names', async (_label, fixture) => {
    const messages = await lintAsZoneFile(fixture);
    expect(messages.map((m) => m.ruleId)).toContain(fixture.expectedRule);
  });

  it.each(all.filter((f) => f.expectedRule === null).map((f) => [`${f.zone}/${f.name}`, f] as const))('accepts the allowed import %s', async (_label, fixture) => {
    const messages = await lintAsZoneFile(fixture);
    expect(messages).toEqual([]);
  });
});
