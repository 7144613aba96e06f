import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Destination, RegisterDestinationRequest } from '../../../../common/contracts/destinations.contract';
import { api } from '../../lib/api';
import { destinationsKey, destinationsUrl as url, useDestinations } from '../../lib/destinations';

export { useDestinations };

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
