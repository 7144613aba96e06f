import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { EnrolmentConfirm, EnrolmentStart, LoginRequest, PendingSignIn, SecondFactorStatus, SessionResponse, SignInResponse } from '../../../common/contracts';
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

/** Whether a sign-in answer is a pending sign-in (a second step to come) rather than a session. */
export const isPending = (answer: SignInResponse): answer is PendingSignIn => 'pending' in answer;

/** Makes a full session the app's session: the app shell leaves /login for the page in ?next=. */
function adoptSession(queryClient: QueryClient, session: SessionResponse): void {
  setCsrfToken(session.csrfToken);
  forgetAllButSession(queryClient);
  queryClient.setQueryData(sessionKey, session);
}

/** The password step: answers a session, or a pending sign-in whose CSRF token the next step uses. */
export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginRequest) => api<SignInResponse>('/session', { method: 'POST', body, allowUnauthorized: true }),
    onSuccess: (answer) => {
      if (isPending(answer)) setCsrfToken(answer.csrfToken);
      else adoptSession(queryClient, answer);
    },
  });
}

/** The second step: a TOTP code or a recovery code. */
export function useSignInCode() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api<SessionResponse>('/session/code', { method: 'POST', body: { code }, allowUnauthorized: true }),
    onSuccess: (session) => adoptSession(queryClient, session),
  });
}

const secondFactorKey = ['session', 'second-factor'] as const;

/** The signed-in person's second factor. */
export function useSecondFactorStatus() {
  return useQuery({ queryKey: secondFactorKey, queryFn: () => api<SecondFactorStatus>('/session/second-factor') });
}

/** Starts enrolment (signed in, or during a sign-in that waits for enrolment). */
export function useStartEnrolment() {
  return useMutation({ mutationFn: () => api<EnrolmentStart>('/session/second-factor/enrolment', { method: 'POST', allowUnauthorized: true }) });
}

/**
 * Confirms enrolment with a code; the recovery codes come back once. When it completes a
 * sign-in, the session is adopted only by `finish` (after the person has seen the codes).
 */
export function useConfirmEnrolment() {
  const queryClient = useQueryClient();
  return {
    ...useMutation({
      mutationFn: (code: string) => api<EnrolmentConfirm>('/session/second-factor/enrolment/confirm', { method: 'POST', body: { code }, allowUnauthorized: true }),
      onSuccess: (answer) => {
        if (answer.session) setCsrfToken(answer.session.csrfToken);
        void queryClient.invalidateQueries({ queryKey: secondFactorKey });
      },
    }),
    finish: (session: SessionResponse) => adoptSession(queryClient, session),
  };
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
