/**
 * A project's registered destinations over HTTP (docs/delivery.md), read by the project page
 * (which registers and retires them) and the package page (which chooses one for the package and
 * shows it before release), and choosing a package's destination.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChoosePackageDestinationRequest, DestinationList } from '../../../common/contracts/destinations.contract';
import type { Package } from '../../../common/contracts/packages.contract';
import { api } from './api';
import { packageKey } from './packages';

export const destinationsUrl = (projectId: string) => `/projects/${encodeURIComponent(projectId)}/destinations`;
export const destinationsKey = (projectId: string) => ['project-destinations', projectId] as const;

/** The project's current registered destinations, what the server offers, and whether the caller manages them. */
export function useDestinations(projectId: string) {
  return useQuery({ queryKey: destinationsKey(projectId), queryFn: () => api<DestinationList>(destinationsUrl(projectId)) });
}

/** Chooses (or clears) the package's registered destination; live sign-offs are voided by the server. */
export function useChoosePackageDestination(packageId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChoosePackageDestinationRequest) => api<Package>(`/packages/${encodeURIComponent(packageId)}/destination`, { method: 'PUT', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: packageKey(packageId) }),
  });
}
