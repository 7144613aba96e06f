import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { LoginRequest, SessionResponse } from '../../../common/contracts';
import { navigate } from './navigation';
import { ApiError, api, setCsrfToken } from './api';
import { paths } from './paths';

export const sessionKey = ['session'] as const;

/** The signed-in session, or null when nobody is signed in (401). */
async function fetchSession(): Promise<SessionResponse | null> {
  try {
    const session = await api<SessionResponse>('/session', { allowUnauthorized: true });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 60_000 });
}

/** The session that the signed-in shell guarantees; throws if used outside it. */
export function useCurrentSession(): SessionResponse {
  const { data } = useSession();
  if (!data) throw new Error('useCurrentSession() needs a signed-in session');
  return data;
}

/**
 * Drop every cached answer except the session itself: another user's data must not linger,
 * and the session query keeps its observers so the app shell re-renders when it changes.
 */
function forgetAllButSession(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
}

/** Where to go after signing in: the in-app page that sent the user to sign in, else home. */
export function pathAfterSignIn(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith(paths.login()) ? next : paths.home();
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginRequest) => api<SessionResponse>('/session', { method: 'POST', body, allowUnauthorized: true }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      forgetAllButSession(queryClient);
      // The app shell sees the session and leaves /login for the page in ?next=.
      queryClient.setQueryData(sessionKey, session);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/session', { method: 'DELETE', allowUnauthorized: true }),
    onSettled: () => {
      setCsrfToken(null);
      forgetAllButSession(queryClient);
      queryClient.setQueryData(sessionKey, null);
      navigate(paths.login(), { replace: true });
    },
  });
}
