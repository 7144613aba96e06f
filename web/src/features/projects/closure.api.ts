/**
 * The closure section's requests (docs/closure.md): the checklist (polled while an inventory
 * run is queued or running), asking for a refresh, marking files and waiving gaps. Every change
 * refetches the checklist, which the server recomputes.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ClosureChecklist, ClosureWaiver, InventoryStatus, MarkClosureFilesReport, MarkClosureFilesRequest, WaiveClosureItemRequest } from '../../../../common/contracts/closure.contract';
import { api } from '../../lib/api';
import { inventoryPending } from './closure-view';

const url = (projectId: string) => `/projects/${encodeURIComponent(projectId)}/closure`;
export const closureKey = (projectId: string) => ['project-closure', projectId] as const;

/** The checklist; every 2 s while the inventory is being taken. */
export function useClosureChecklist(projectId: string) {
  return useQuery({
    queryKey: closureKey(projectId),
    queryFn: () => api<ClosureChecklist>(url(projectId)),
    refetchInterval: (query) => (query.state.data && inventoryPending(query.state.data.inventory) ? 2000 : false),
  });
}

function useClosureMutation<B, R>(projectId: string, call: (body: B) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: call, onSettled: () => queryClient.invalidateQueries({ queryKey: closureKey(projectId) }) });
}

export const useRefreshInventory = (projectId: string) => useClosureMutation(projectId, () => api<InventoryStatus>(`${url(projectId)}/inventory-refreshes`, { method: 'POST', body: {} }));

export const useMarkClosureFiles = (projectId: string) =>
  useClosureMutation(projectId, (body: MarkClosureFilesRequest) => api<MarkClosureFilesReport>(`${url(projectId)}/file-marks`, { method: 'POST', body }));

export const useWaiveClosureItem = (projectId: string) => useClosureMutation(projectId, (body: WaiveClosureItemRequest) => api<ClosureWaiver>(`${url(projectId)}/waivers`, { method: 'POST', body }));
