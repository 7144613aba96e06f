/**
 * A released package's release over HTTP (issue 12): the release with its links (never tokens),
 * issuing a new link (the answer holds the token, shown once) and revoking the release. Every
 * query lives under the package's key, so a revocation refreshes the package page too.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { IssueLinkRequest, IssuedLink, Release, RevokeReleaseRequest, StartReleaseRequest, StartedRelease } from '../../../common/contracts/releases.contract';
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

/**
 * Starts the release (or releases again after a failed one); the answer holds the first link's
 * token, once. `onStarted` runs before the package is refreshed, so a form that the refreshed
 * package no longer shows cannot lose the answer.
 */
export function useStartRelease(packageId: string, onStarted: (started: StartedRelease) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: StartReleaseRequest) => api<StartedRelease>(base(packageId), { method: 'POST', body }),
    onSuccess: (started) => {
      onStarted(started);
      return client.invalidateQueries({ queryKey: packageKey(packageId) });
    },
  });
}

const SETTLED = new Set(['released', 'failed']);

/** The release while it runs: polled every second until it is released or failed. */
export function useReleaseProgress(packageId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...packageKey(packageId), 'release'],
    queryFn: () => api<Release>(base(packageId)),
    enabled,
    refetchInterval: (query) => (query.state.error || (query.state.data && SETTLED.has(query.state.data.step)) ? false : 1000),
  });
}
