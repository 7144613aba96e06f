import { useMutation, useMutationState, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { SubmitOpinionRequest, WorkPackageDetail } from '../../../common/contracts';
import { type ApiError, api, isConflict } from './api';
import { projectKey, workPackageKey } from './query-keys';

const base = (wpId: string) => `/work-packages/${encodeURIComponent(wpId)}`;

export function useWorkPackage(wpId: string) {
  return useQuery({ queryKey: workPackageKey(wpId), queryFn: () => api<WorkPackageDetail>(base(wpId)) });
}

/** Every work-package mutation answers with the new detail: show it at once, refresh the project. */
function storeDetail(queryClient: QueryClient, wpId: string, detail: WorkPackageDetail) {
  queryClient.setQueryData(workPackageKey(wpId), detail);
  return queryClient.invalidateQueries({ queryKey: projectKey(detail.workPackage.projectId) });
}

/** Groups every action on one work package, so the page can tell whether the latest one was stale. */
const actionKey = (wpId: string) => ['work-package-action', wpId] as const;

function useWorkPackageMutation<TBody>(wpId: string, action: string, method: 'POST' | 'PUT' = 'POST') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: actionKey(wpId),
    mutationFn: (body: TBody) => api<WorkPackageDetail>(`${base(wpId)}/${action}`, { method, body }),
    onSuccess: (detail) => storeDetail(queryClient, wpId, detail),
    // Someone else moved the work package on: fetch what it is now so the user sees it.
    onError: (error) => (isConflict(error) ? queryClient.invalidateQueries({ queryKey: workPackageKey(wpId) }) : undefined),
  });
}

export const useSubmitOpinion = (wpId: string) => useWorkPackageMutation<SubmitOpinionRequest>(wpId, 'opinions');
export const useApproveReferee = (wpId: string) => useWorkPackageMutation<{ refereeUserId: string }>(wpId, 'referee-approvals');
export const useDiscuss = (wpId: string) => useWorkPackageMutation<{ message: string; cause?: string }>(wpId, 'discussion');
export const useResolveDispute = (wpId: string) => useWorkPackageMutation<{ version: number }>(wpId, 'resolve');
export const useReopen = (wpId: string) => useWorkPackageMutation<{ reason: string; version: number }>(wpId, 'reopen');
export const useSetDatasets = (wpId: string) => useWorkPackageMutation<{ datasetIds: string[]; version: number }>(wpId, 'datasets', 'PUT');
/** My opinion stands although an output file changed after it. */
export const useConfirmOpinion = (wpId: string) => useWorkPackageMutation<Record<string, never>>(wpId, 'opinion-confirmations');

/**
 * When the latest action on this work package failed with a conflict (someone else changed it
 * first), that error and its submission time (so a notice can be dismissed); otherwise null. It is
 * shown at page level because the form that sent it may be gone: the refetched work package may
 * no longer offer that action.
 */
export function useLatestConflict(wpId: string): { at: number; error: ApiError } | null {
  const states = useMutationState({ filters: { mutationKey: actionKey(wpId) }, select: (m) => ({ at: m.state.submittedAt, error: m.state.error }) });
  const latest = states.reduce<(typeof states)[number] | undefined>((a, b) => (!a || b.at >= a.at ? b : a), undefined);
  return latest && isConflict(latest.error) ? { at: latest.at, error: latest.error } : null;
}
