import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Destination, DestinationList, RegisterDestinationRequest } from '../../../../common/contracts/destinations.contract';
import { api } from '../../lib/api';

const url = (projectId: string) => `/projects/${encodeURIComponent(projectId)}/destinations`;
export const destinationsKey = (projectId: string) => ['project-destinations', projectId] as const;

/** The project's current registered destinations, what the server offers, and whether the caller manages them. */
export function useDestinations(projectId: string) {
  return useQuery({ queryKey: destinationsKey(projectId), queryFn: () => api<DestinationList>(url(projectId)) });
}

/** Registers a destination (system and programme managers). */
export function useRegisterDestination(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RegisterDestinationRequest) => api<Destination>(url(projectId), { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: destinationsKey(projectId) }),
  });
}

/** Retires a destination: it can no longer be chosen for a package. */
export function useRetireDestination(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (destinationId: string) => api<Destination>(`${url(projectId)}/${encodeURIComponent(destinationId)}/retire`, { method: 'POST', body: {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: destinationsKey(projectId) }),
  });
}
