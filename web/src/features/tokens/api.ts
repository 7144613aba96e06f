/** Personal API tokens: list one's own, create one (the secret comes back once), revoke. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiToken, CreateApiTokenRequest, CreatedApiTokenResponse } from '../../../../common/contracts/api-tokens.contract';
import { api } from '../../lib/api';

const tokensKey = ['api-tokens'] as const;

export function useApiTokens() {
  return useQuery({ queryKey: tokensKey, queryFn: () => api<{ tokens: ApiToken[] }>('/tokens') });
}

/** Resolves to the new token and its secret; the secret is kept only by the caller, never cached. */
export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    // Forget the answer (it holds the secret) as soon as nothing shows it.
    gcTime: 0,
    mutationFn: (body: CreateApiTokenRequest) => api<CreatedApiTokenResponse>('/tokens', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => api<ApiToken>(`/tokens/${encodeURIComponent(tokenId)}/revoke`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}
