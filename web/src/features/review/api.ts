/**
 * The review of a package over HTTP (issue 10 §4): the review summary, every file of the
 * package (for verdicts and what the caller may read), the findings with their standing, and
 * the mutations (a decision, the submitted review, an answer to a finding). The comments are
 * shared with the package page (lib/package-approval.ts, components/package/CommentThread.tsx).
 * Every mutation refreshes everything cached under the package's key, so the package page, the
 * summary and the findings agree; a 409 (the file changed since the page was loaded) refreshes
 * them too, so the workbench shows the new version.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FindingResponseKind, FindingStandingList, FindingWithStanding } from '../../../../common/contracts/finding-responses.contract';
import type { FileDecisionRequest, FileDecisionResponse, ReviewSummary } from '../../../../common/contracts/reviews.contract';
import { ApiError, api } from '../../lib/api';
import { packageKey, usePackageFiles } from '../../lib/packages';
import { reviewSummaryQuery } from '../../lib/review-summary';
import { answerRequest } from './finding-answers';

const base = (packageId: string) => `/packages/${encodeURIComponent(packageId)}`;
const fileBase = (packageId: string, fileId: string) => `${base(packageId)}/files/${encodeURIComponent(fileId)}`;

const findingsKey = (packageId: string) => [...packageKey(packageId), 'findings-standing'] as const;

/** The file changed since the page was loaded: the decision or answer named an older version. */
export const STALE_FILE_VERSION = 'review.stale_file_version';
export const isStaleFile = (error: unknown): boolean => error instanceof ApiError && error.code === STALE_FILE_VERSION;

/** The review of the current turn as the caller may see it. */
export function useReviewSummary(packageId: string, enabled = true) {
  return useQuery({ ...reviewSummaryQuery(packageId), enabled });
}

const ALL_FILES_PAGE = 500;

/** Every file of the package, 500 a page (the workbench fetches the next page as soon as one arrives: the list needs them all). */
export const useAllPackageFiles = (packageId: string) => usePackageFiles(packageId, ALL_FILES_PAGE);

/** The blocking and review-level findings of the package's current files, with their standing and answers. */
export function useFindingStanding(packageId: string) {
  return useQuery({ queryKey: findingsKey(packageId), queryFn: () => api<FindingStandingList>(`${base(packageId)}/findings/responses`) });
}

function useReviewMutation<TBody, TResult>(packageId: string, request: (body: TBody) => Promise<TResult>) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: packageKey(packageId) });
  return useMutation({
    mutationFn: request,
    onSuccess: () => refresh(),
    onError: (error) => (error instanceof ApiError && error.status === 409 ? refresh() : undefined),
  });
}

export interface DecideRequest extends FileDecisionRequest {
  fileId: string;
}

/** A decision on the current version of one output file. */
export function useDecideFile(packageId: string) {
  return useReviewMutation(packageId, ({ fileId, ...body }: DecideRequest) => api<FileDecisionResponse>(`${fileBase(packageId, fileId)}/review`, { method: 'POST', body }));
}

/** Submits the caller's review of the turn (ends their independent phase). */
export function useSubmitReview(packageId: string) {
  return useReviewMutation(packageId, () => api<ReviewSummary>(`${base(packageId)}/review-submissions`, { method: 'POST', body: {} }));
}

const ANSWER_PATHS = { exception_request: 'exception-request', override: 'override', refusal: 'refusal', acknowledgement: 'acknowledgement' } as const satisfies Record<FindingResponseKind, string>;

export interface FindingAnswer {
  kind: FindingResponseKind;
  finding: Pick<FindingWithStanding, 'fileId' | 'fileVersionId' | 'findingKey'>;
  /** The justification, request, refusal or note. */
  text: string;
}

/** An answer to a finding: the authors' exception request, a reviewer's override, refusal or acknowledgement. */
export function useAnswerFinding(packageId: string) {
  return useReviewMutation(packageId, ({ kind, finding, text }: FindingAnswer) => {
    const { fileVersionId } = finding;
    const body = answerRequest(kind, fileVersionId, text);
    return api<FindingWithStanding>(`${fileBase(packageId, finding.fileId)}/findings/${encodeURIComponent(finding.findingKey)}/${ANSWER_PATHS[kind]}`, { method: 'POST', body });
  });
}
