import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChangeCheckSettingsRequest, CheckSettingsResponse } from '../../../../common/contracts/check-settings.contract';
import { api, isConflict } from '../../lib/api';

const url = (projectId: string) => `/projects/${encodeURIComponent(projectId)}/check-settings`;
export const checkSettingsKey = (projectId: string) => ['project-check-settings', projectId] as const;

/** The project's disclosure-check settings and what applies per tier. */
export function useCheckSettings(projectId: string) {
  return useQuery({ queryKey: checkSettingsKey(projectId), queryFn: () => api<CheckSettingsResponse>(url(projectId)) });
}

/** Replaces the settings (carrying the version shown); a conflict refetches what they are now. */
export function useChangeCheckSettings(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangeCheckSettingsRequest) => api<CheckSettingsResponse>(url(projectId), { method: 'PUT', body }),
    onSuccess: (settings) => queryClient.setQueryData(checkSettingsKey(projectId), settings),
    onError: (error) => (isConflict(error) ? queryClient.invalidateQueries({ queryKey: checkSettingsKey(projectId) }) : undefined),
  });
}
