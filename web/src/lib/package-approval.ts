/**
 * The approval side of a package over HTTP (issue 10 §4–§6): the approval panel and sign-offs,
 * a handover's storage and redaction decisions, comment threads (package and removed items),
 * the agreed outcome of a removed item, the overrides and acknowledgements, and the review
 * summary's abilities (who may comment, privately, on removed items, record an outcome).
 *
 * Every query lives under the package's key, so any mutation here or in api.ts refreshes all of
 * it: a sign-off can approve the package, a removal outcome changes the digest, and so on.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Comment, CommentList, CommentRequest, RemovalOutcomeRequest } from '../../../common/contracts/comments.contract';
import type { FindingResolutionList } from '../../../common/contracts/finding-responses.contract';
import type { RedactionDecisionKind, RedactionDecisionList, StorageDecisionRequest, StorageDecisionView } from '../../../common/contracts/handover-decisions.contract';
import type { Approval, SignOffList } from '../../../common/contracts/sign-offs.contract';
import type { SignOffRole } from '../../../common/vocab/destinations';
import type { CommentSubjectType, CommentVisibility } from '../../../common/vocab/review';
import { api } from './api';
import { workPackageKey } from './query-keys';
import { reviewSummaryQuery } from './review-summary';
import { packageKey } from './packages';

const base = (packageId: string) => `/packages/${encodeURIComponent(packageId)}`;

export function useApproval(packageId: string, enabled = true) {
  return useQuery({ queryKey: [...packageKey(packageId), 'approval'], queryFn: () => api<Approval>(`${base(packageId)}/approval`), enabled });
}

export function useSignOffs(packageId: string, enabled = true) {
  return useQuery({ queryKey: [...packageKey(packageId), 'sign-offs'], queryFn: () => api<SignOffList>(`${base(packageId)}/sign-offs`), enabled });
}

/** The review summary (the workbench's query and cache), read here for what the caller may do (comment, privately, on removed items) and whether they submitted. */
export function useReviewAbilities(packageId: string) {
  return useQuery({
    ...reviewSummaryQuery(packageId),
    select: (summary) => ({ reviewer: summary.reviewer, submittedAt: summary.submittedAt, turn: summary.turn, abilities: summary.abilities }),
  });
}

/** Which comments to list; none of them: every comment the caller may see. */
export interface CommentQuery {
  subjectType?: CommentSubjectType;
  subjectId?: string;
  turn?: number;
  visibility?: CommentVisibility;
}

/** The comments the caller may see, oldest first. */
export function useComments(packageId: string, query: CommentQuery, enabled = true) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  return useQuery({
    queryKey: [...packageKey(packageId), 'comments', params.toString()],
    queryFn: () => api<CommentList>(`${base(packageId)}/comments?${params}`),
    enabled,
  });
}

export function useFindingResolutions(packageId: string) {
  return useQuery({
    queryKey: [...packageKey(packageId), 'finding-resolutions'],
    queryFn: () => api<FindingResolutionList>(`${base(packageId)}/findings/overrides-and-acknowledgements`),
  });
}

export function useStorageDecision(packageId: string, enabled: boolean) {
  return useQuery({ queryKey: [...packageKey(packageId), 'storage-decision'], queryFn: () => api<StorageDecisionView>(`${base(packageId)}/storage-decision`), enabled });
}

export function useRedactionDecisions(packageId: string, enabled: boolean) {
  return useQuery({ queryKey: [...packageKey(packageId), 'redaction-decisions'], queryFn: () => api<RedactionDecisionList>(`${base(packageId)}/redaction-decisions`), enabled });
}

/** A change on the approval side: everything about the package (status, panel, register) is fetched again, on success and on failure. */
function useApprovalMutation<TBody, TResult>(packageId: string, request: (body: TBody) => Promise<TResult>) {
  const queryClient = useQueryClient();
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: packageKey(packageId) });
    await queryClient.invalidateQueries({ queryKey: workPackageKey(packageId) });
  };
  return useMutation({ mutationFn: request, onSettled: refresh });
}

export function useSignOff(packageId: string) {
  return useApprovalMutation(packageId, (body: { role: SignOffRole; digest: string }) => api<SignOffList>(`${base(packageId)}/sign-offs`, { method: 'POST', body }));
}

export function useWithdrawSignOff(packageId: string) {
  return useApprovalMutation(packageId, (signOffId: string) => api<SignOffList>(`${base(packageId)}/sign-offs/${encodeURIComponent(signOffId)}/withdrawal`, { method: 'POST', body: {} }));
}

export function useAddComment(packageId: string) {
  return useApprovalMutation(packageId, (body: CommentRequest) => api<Comment>(`${base(packageId)}/comments`, { method: 'POST', body }));
}

export function useRetractComment(packageId: string) {
  return useApprovalMutation(packageId, (commentId: string) => api<Comment>(`${base(packageId)}/comments/${encodeURIComponent(commentId)}/retraction`, { method: 'POST', body: {} }));
}

export function useRecordRemovalOutcome(packageId: string) {
  return useApprovalMutation(packageId, ({ removalId, ...body }: RemovalOutcomeRequest & { removalId: string }) =>
    api<unknown>(`${base(packageId)}/removals/${encodeURIComponent(removalId)}/outcome`, { method: 'POST', body }),
  );
}

export function useRecordStorageDecision(packageId: string) {
  return useApprovalMutation(packageId, (body: StorageDecisionRequest) => api<StorageDecisionView>(`${base(packageId)}/storage-decision`, { method: 'PUT', body }));
}

export function useAgreeStorageDecision(packageId: string) {
  return useApprovalMutation(packageId, (decisionId: string) => api<StorageDecisionView>(`${base(packageId)}/storage-decision/agreement`, { method: 'POST', body: { decisionId } }));
}

export function useDecideRedaction(packageId: string) {
  return useApprovalMutation(packageId, ({ fileId, ...body }: { fileId: string; fileVersionId: string; decision: RedactionDecisionKind; reason: string }) =>
    api<unknown>(`${base(packageId)}/files/${encodeURIComponent(fileId)}/redaction-decision`, { method: 'PUT', body }),
  );
}
