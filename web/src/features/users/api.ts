import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateUserRequest, SignInLock, User, UserSession } from '../../../../common/contracts';
import { api } from '../../lib/api';

const usersKey = ['users'] as const;

export function useUsers() {
  return useQuery({ queryKey: usersKey, queryFn: () => api<{ users: User[] }>('/users') });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserRequest) => api<unknown>('/users', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

/** A system manager's action on one account; every one refreshes the list. */
function useUserAction<T>(path: (userId: string) => string, method: 'POST' | 'DELETE' = 'POST') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api<T>(path(userId), { method }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

const userPath = (userId: string) => `/users/${encodeURIComponent(userId)}`;
export const useDisableUser = () => useUserAction<User>((id) => `${userPath(id)}/disable`);
export const useEnableUser = () => useUserAction<User>((id) => `${userPath(id)}/enable`);
export const useResetPassword = () => useUserAction<{ password: string }>((id) => `${userPath(id)}/password-reset`);
export const useResetSecondFactor = () => useUserAction<void>((id) => `${userPath(id)}/second-factor/reset`);

const sessionsKey = (userId: string) => ['users', userId, 'sessions'] as const;

export function useUserSessions(userId: string) {
  return useQuery({ queryKey: sessionsKey(userId), queryFn: () => api<{ sessions: UserSession[] }>(`${userPath(userId)}/sessions`) });
}

/** Ends one session (`sessionId`) or all of them. */
export function useEndSessions(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sessionId?: string) => api<{ ended: number }>(`${userPath(userId)}/sessions${sessionId ? `/${sessionId}` : ''}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsKey(userId) }),
  });
}

const locksKey = ['sign-in-locks'] as const;

export function useSignInLocks() {
  return useQuery({ queryKey: locksKey, queryFn: () => api<{ locks: SignInLock[] }>('/sign-in-locks') });
}

export function useLiftSignInLock() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string } | { address: string }) => api<{ cleared: number }>('/sign-in-locks/lift', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: locksKey }),
  });
}
