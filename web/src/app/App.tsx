import { Center, Container, Loader } from '@mantine/core';
import { useEffect } from 'react';
import { ErrorAlert } from '../components/ui/ErrorAlert';
import { pathAfterSignIn, useSession } from '../lib/session';
import { LoginPage } from '../features/session/components/LoginPage';
import { AppLayout } from './AppLayout';
import { NotFoundPage } from './NotFoundPage';
import { PageErrorBoundary } from './PageErrorBoundary';
import { renderRoute } from './routes';
import { navigate, useLocation } from '../lib/navigation';
import { paths } from '../lib/paths';

/** Decides between the sign-in page and the signed-in shell, then renders the matching page. */
export function App() {
  const session = useSession();
  const { pathname, search } = useLocation();
  const query = search.toString();
  const onLogin = pathname === paths.login();
  const signedIn = Boolean(session.data);
  const signedOut = session.isSuccess && !session.data;

  useEffect(() => {
    if (signedOut && !onLogin) {
      navigate(paths.login(pathname === paths.home() ? undefined : pathname + (query ? `?${query}` : '')), { replace: true });
    }
    if (signedIn && onLogin) navigate(pathAfterSignIn(new URLSearchParams(query).get('next')), { replace: true });
  }, [signedOut, signedIn, onLogin, pathname, query]);

  if (session.isPending) return <FullPageLoader />;
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

function FullPageLoader() {
  return (
    <Center h="100vh">
      <Loader aria-label="Loading" />
    </Center>
  );
}
