/**
 * Reading the answers to a package's findings (issue 10 §4): every blocking and review-level
 * finding of its current, not removed files with its standing and the answers given to it, and
 * the package's live overrides and acknowledgements ("Overrides and acknowledgements" on the
 * package page). Anyone who can see the package reads them; no finding value is ever shown
 * (the stored result holds none). A few queries whatever the number of files.
 */
import type { FindingResolutionList, FindingStandingList, FindingWithStanding } from '../../common/contracts/finding-responses.contract';
import type { FindingFamily, Severity } from '../../common/vocab/findings';
import type { ScannedEntry } from '../../common/contracts/scan.contract';
import { type FindingResponseRow, listFlaggedResults, listResolutions, listResponsesToCurrentVersions, toFindingResponse } from '../db/finding-responses.repository';
import { listAuthorTeam } from '../db/package-authors.repository';
import { findingsOfResult, standingOf } from '../domain/review/result-findings';
import { findingResponseAbilities } from '../policies/finding-response.policy';
import { loadPackageFor } from './package-access';
import type { CommandContext } from './context';

/**
 * Every finding that needs an answer (blocking or review-level) of the package's current, not
 * removed files — of one file with `fileId` — with its standing; answers by someone now on the
 * author team never resolve a finding. Throws `package.not_found` for a package the actor cannot see.
 */
export async function listFindingStanding(ctx: CommandContext, packageId: string, options: { fileId?: string } = {}): Promise<FindingStandingList> {
  const state = await loadPackageFor(ctx.db, packageId, ctx.actor);
  const results = await listFlaggedResults(ctx.db, packageId, options.fileId !== undefined ? { fileId: options.fileId } : {});
  const responses = results.length > 0 ? await listResponsesToCurrentVersions(ctx.db, packageId, options.fileId) : [];
  const authors = responses.length > 0 ? await listAuthorTeam(ctx.db, packageId) : new Set<string>();
  const byFinding = new Map<string, FindingResponseRow[]>();
  for (const r of responses) {
    const id = `${r.file_version_id}|${r.finding_key}`;
    byFinding.set(id, [...(byFinding.get(id) ?? []), r]);
  }
  const list: FindingStandingList = {
    findings: [],
    counts: { open: 0, exception_requested: 0, overridden: 0, refused: 0, acknowledged: 0 },
    unresolvedBlocking: 0,
    unacknowledgedReview: 0,
    abilities: findingResponseAbilities(state.subject),
  };
  for (const row of results) {
    for (const { key, entryPath, finding } of findingsOfResult(JSON.parse(row.result) as ScannedEntry)) {
      if (finding.severity === 'info') continue;
      const answers = byFinding.get(`${row.file_version_id}|${key}`) ?? [];
      // A reviewer's answer counts only from someone outside the author team; the authors' own requests always count.
      const live = answers.filter((a) => a.withdrawn_at === null && (a.kind === 'exception_request' || !authors.has(a.by_id)));
      const standing = standingOf(finding.severity, live);
      const item: FindingWithStanding = {
        fileId: row.file_id,
        path: row.path,
        role: row.role,
        fileVersionId: row.file_version_id,
        versionNumber: row.version_number,
        findingKey: key,
        entryPath,
        rule: finding.rule,
        family: finding.family as FindingFamily,
        severity: finding.severity as Severity,
        ...(finding.location ? { location: finding.location } : {}),
        message: finding.message,
        standing,
        responses: answers.map(toFindingResponse),
      };
      list.findings.push(item);
      list.counts[standing]++;
      if (row.role !== 'output') continue;
      if (finding.severity === 'block' && standing !== 'overridden') list.unresolvedBlocking++;
      if (finding.severity === 'review' && standing !== 'acknowledged') list.unacknowledgedReview++;
    }
  }
  return list;
}

/** The package's live overrides and acknowledgements, newest first, for the package page. Throws `package.not_found` as above. */
export async function listOverridesAndAcknowledgements(ctx: CommandContext, packageId: string): Promise<FindingResolutionList> {
  await loadPackageFor(ctx.db, packageId, ctx.actor);
  const rows = await listResolutions(ctx.db, packageId);
  return {
    resolutions: rows.map((r) => ({
      kind: r.kind as 'override' | 'acknowledgement',
      fileId: r.file_id,
      path: r.path,
      fileVersionId: r.file_version_id,
      versionNumber: Number(r.version_number),
      current: Number(r.version_number) === Number(r.current_version),
      findingKey: r.finding_key,
      rule: r.rule,
      by: { id: r.by_id, name: r.by_name },
      text: r.text,
      at: r.at,
    })),
  };
}
