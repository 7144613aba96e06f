/**
 * A released package's release over HTTP (issue 12): the release with its links (never tokens),
 * issuing a new link (the answer holds the token, shown once) and revoking the release. Every
 * query lives under the package's key, so a revocation refreshes the package page too.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { IssueLinkRequest, IssuedLink, Release, RevokeReleaseRequest } from '../../../common/contracts/releases.contract';
import { api } from './api';
import { packageKey } from './packages';

const base = (packageId: string) => `/packages/${encodeURIComponent(packageId)}/release`;

export function useRelease(packageId: string, enabled = true) {
  return useQuery({ queryKey: [...packageKey(packageId), 'release'], queryFn: () => api<Release>(base(packageId)), enabled });
}

export function useIssueLink(packageId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: IssueLinkRequest) => api<IssuedLink>(`${base(packageId)}/links`, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: packageKey(packageId) }),
  });
}

export function useRevokeRelease(packageId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RevokeReleaseRequest) => api<Release>(`${base(packageId)}/revoke`, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: packageKey(packageId) }),
  });
}
