import { Anchor, Center, Container, Group, Loader } from '@mantine/core';
import { useEffect } from 'react';
import { ErrorAlert } from '../components/ui/ErrorAlert';
import { pathAfterSignIn, useSession } from '../lib/session';
import { LoginPage } from '../features/session/components/LoginPage';
import { VerifyBundlePage } from '../features/verify/components/VerifyBundlePage';
import { AppLayout } from './AppLayout';
import { NotFoundPage } from './NotFoundPage';
import { PageErrorBoundary } from './PageErrorBoundary';
import { renderRoute } from './routes';
import { linkProps, navigate, useLocation } from '../lib/navigation';
import { paths } from '../lib/paths';

/** Decides between the sign-in page and the signed-in shell, then renders the matching page. */
export function App() {
  const session = useSession();
  const { pathname, search } = useLocation();
  const query = search.toString();
  const onLogin = pathname === paths.login();
  // Public: anyone holding a bundle may check it, signed in or not.
  const onVerify = pathname === paths.verify();
  const signedIn = Boolean(session.data);
  const signedOut = session.isSuccess && !session.data;

  useEffect(() => {
    if (signedOut && !onLogin && !onVerify) {
      navigate(paths.login(pathname === paths.home() ? undefined : pathname + (query ? `?${query}` : '')), { replace: true });
    }
    if (signedIn && onLogin) navigate(pathAfterSignIn(new URLSearchParams(query).get('next')), { replace: true });
  }, [signedOut, signedIn, onLogin, pathname, query]);

  if (session.isPending) return <FullPageLoader />;
  if (onVerify && !session.data) return <PublicVerifyPage />;
  if (session.isError) {
    return (
      <Container size="sm" py="xl">
        <ErrorAlert error={session.error} title="Could not reach Safe Haven Egress" onRetry={() => void session.refetch()} />
      </Container>
    );
  }
  if (!session.data) {
    return onLogin ? (
      <Container size="sm" py="xl">
        <LoginPage />
      </Container>
    ) : (
      <FullPageLoader />
    );
  }
  if (onLogin) return <FullPageLoader />;

  // Each page has its own error boundary, keyed by path: a page that throws shows an error and a
  // Reload button instead of a blank screen, and moving to another page starts clean.
  return (
    <AppLayout session={session.data}>
      <PageErrorBoundary key={pathname}>{renderRoute(pathname) ?? <NotFoundPage />}</PageErrorBoundary>
    </AppLayout>
  );
}

/** The verify page for someone not signed in (or when the session cannot be checked): no app shell. */
function PublicVerifyPage() {
  return (
    <Container size="md" py="xl">
      <Group justify="space-between" mb="lg">
        <Anchor {...linkProps(paths.home())} underline="never" c="indigo.8" fw={700} size="lg">
          Safe Haven Egress
        </Anchor>
        <Anchor {...linkProps(paths.login())} size="sm">
          Sign in
        </Anchor>
      </Group>
      <PageErrorBoundary>
        <VerifyBundlePage />
      </PageErrorBoundary>
    </Container>
  );
}

function FullPageLoader() {
  return (
    <Center h="100vh">
      <Loader aria-label="Loading" />
    </Center>
  );
}
