/**
 * What a bundle manifest records beyond the content digest's inputs (server/commands/
 * bundle-manifest.queries.ts): the version history of the released files, the live review
 * decisions and finding responses on their released versions, and those versions' check results.
 * Chunked by 500 ids so a package of 20,000 files stays within parameter limits.
 */
import type { CheckResultsTable, Db, FileReviewsTable, FileVersionsTable, FindingResponsesTable } from './schema';

const CHUNK = 500;

async function chunked<T>(ids: readonly string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await load(ids.slice(i, i + CHUNK))));
  return out;
}

export interface VersionRow extends FileVersionsTable {
  created_by_name: string | null;
}

/** Every version of the files, with who added it, by file then number. */
export async function listVersionsOfFiles(db: Db, fileIds: readonly string[]): Promise<VersionRow[]> {
  return chunked(fileIds, (chunk) =>
    db
      .selectFrom('file_versions')
      .leftJoin('users', 'users.id', 'file_versions.created_by')
      .selectAll('file_versions')
      .select('users.name as created_by_name')
      .where('file_versions.file_id', 'in', chunk)
      .orderBy('file_versions.file_id')
      .orderBy('file_versions.number')
      .execute(),
  );
}

export interface ReviewRow extends FileReviewsTable {
  reviewer_name: string;
}

/** The live (not superseded) review decisions on these file versions. */
export async function listLiveReviewsOf(db: Db, fileVersionIds: readonly string[]): Promise<ReviewRow[]> {
  return chunked(fileVersionIds, (chunk) =>
    db
      .selectFrom('file_reviews')
      .innerJoin('users', 'users.id', 'file_reviews.reviewer_id')
      .selectAll('file_reviews')
      .select('users.name as reviewer_name')
      .where('file_reviews.file_version_id', 'in', chunk)
      .where('file_reviews.superseded_at', 'is', null)
      .orderBy('file_reviews.decided_at')
      .orderBy('file_reviews.id')
      .execute(),
  );
}

export interface ResponseRow extends FindingResponsesTable {
  by_name: string;
}

/** The live (not withdrawn) answers to findings of these file versions. */
export async function listLiveResponsesOf(db: Db, fileVersionIds: readonly string[]): Promise<ResponseRow[]> {
  return chunked(fileVersionIds, (chunk) =>
    db
      .selectFrom('finding_responses')
      .innerJoin('users', 'users.id', 'finding_responses.by_id')
      .selectAll('finding_responses')
      .select('users.name as by_name')
      .where('finding_responses.file_version_id', 'in', chunk)
      .where('finding_responses.withdrawn_at', 'is', null)
      .orderBy('finding_responses.at')
      .orderBy('finding_responses.id')
      .execute(),
  );
}

/** The current check results of these file versions. */
export async function listCheckResultsOf(db: Db, fileVersionIds: readonly string[]): Promise<CheckResultsTable[]> {
  return chunked(fileVersionIds, (chunk) => db.selectFrom('check_results').selectAll().where('file_version_id', 'in', chunk).execute());
}
