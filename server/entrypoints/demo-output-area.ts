/**
 * The demo project's output area: a folder under DATA_DIR with a few typical finished outputs
 * (a table with a small count, a figure's data, methods notes with a stray e-mail address), so
 * a first-time operator can browse it, add files to a package and see the checks at work.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandContext } from '../commands/context';
import { setOutputArea } from '../commands/output-area.commands';
import { outputAreas } from '../storage/open-output-area';

const FILES: Record<string, string> = {
  'tables/admissions_by_age.csv': 'age_band,admissions\n0-15,112\n16-44,340\n45-64,518\n65+,7\n',
  'tables/admissions_by_month_rounded.csv': 'month,admissions\n2023-01,125\n2023-02,110\n2023-03,95\n2023-04,80\n',
  'figures/pm25_trend_data.csv': 'year,mean_pm25\n2019,11.2\n2020,9.8\n2021,10.1\n2022,9.5\n2023,9.1\n',
  'notes/methods.md': '# Methods\n\nDaily admissions were linked to the nearest monitoring station.\nQuestions to analyst.one@example.org.\n',
  'code/model.R': 'fit <- glm(admissions ~ pm25 + season, family = poisson, data = daily)\nsummary(fit)\n',
};

export async function createDemoOutputArea(ctx: CommandContext, dataDir: string, projectId: string): Promise<string> {
  const root = resolve(join(dataDir, 'demo-output-area'));
  for (const [path, content] of Object.entries(FILES)) {
    mkdirSync(join(root, path, '..'), { recursive: true, mode: 0o700 });
    writeFileSync(join(root, path), content, { mode: 0o600 });
  }
  await setOutputArea(ctx, projectId, { outputArea: root }, { outputAreas: outputAreas(undefined) });
  return root;
}
