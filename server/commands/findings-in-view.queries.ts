/**
 * The findings an egress work package's classifiers see beside the questions (issue 10 §4):
 * per finding family, how many output files (not temporarily removed) have such findings in
 * their current check result, and the contradiction rules those findings make apply. Counts
 * only: no value, message or location leaves here.
 */
import type { FindingsInView } from '../../common/contracts/work-packages.contract';
import type { ScannedEntry } from '../../common/contracts/scan.contract';
import { listAllFiles } from '../db/packages.repository';
import type { Db, PackagesTable, WorkPackagesTable } from '../db/schema';
import { applicableRules, summarizeFindings } from '../domain/classification/findings-in-view';

/** The findings in view of an egress work package; null for the ingress one (it has no package). */
export async function loadFindingsInView(db: Db, workPackage: WorkPackagesTable, pkg: PackagesTable | undefined): Promise<FindingsInView | null> {
  if (workPackage.kind === 'ingress' || !pkg) return null;
  const outputs = (await listAllFiles(db, pkg.id)).filter((f) => f.file.role === 'output' && Number(f.file.removed) === 0);
  const results = outputs.flatMap((f) => (f.check ? [JSON.parse(f.check.result) as ScannedEntry] : []));
  const families = summarizeFindings(results);
  return {
    families,
    unchecked: outputs.length - results.length,
    contradictions: applicableRules(families).map((r) => ({ question: r.question, answer: r.answer, families: [...r.families], claim: r.claim })),
  };
}
