import { Anchor, AppShell, Badge, Button, Container, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { SessionResponse } from '../../../common/contracts';
import { SYSTEM_ROLE_LABELS } from '../../../common/vocab';
import { useSignOut } from '../lib/session';
import { linkProps, useLocation } from '../lib/navigation';
import { paths } from '../lib/paths';
import { InboxBell } from '../features/notifications/components/InboxBell';

interface AppLayoutProps {
  session: SessionResponse;
  children: ReactNode;
}

/** Header with the product name, navigation and who is signed in; the page below. */
export function AppLayout({ session, children }: AppLayoutProps) {
  const signOut = useSignOut();
  const { pathname } = useLocation();
  const { user, abilities } = session;

  const navLink = (to: string, label: string, active: boolean) => (
    <Anchor {...linkProps(to)} c={active ? 'indigo.8' : 'dark.6'} fw={active ? 600 : 500} size="sm" aria-current={active ? 'page' : undefined}>
      {label}
    </Anchor>
  );

  return (
    <AppShell header={{ height: 60 }} padding="md">
      <AppShell.Header>
        <Container size="xl" h="100%">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Group gap="lg" wrap="nowrap">
              <Anchor {...linkProps(paths.home())} underline="never" c="indigo.8" fw={700} size="lg">
                Safe Haven Egress
              </Anchor>
              <Group gap="md" component="nav" aria-label="Main" visibleFrom="xs">
                {navLink(paths.home(), 'Projects', pathname === paths.home() || pathname.startsWith('/projects') || pathname.startsWith('/work-packages') || pathname.startsWith('/packages'))}
                {(abilities.manageUsers || abilities.listUsers) && navLink(paths.users(), 'Users', pathname === paths.users())}
                {navLink(paths.tokens(), 'API tokens', pathname === paths.tokens())}
                {navLink(paths.secondFactor(), 'Second factor', pathname === paths.secondFactor())}
                {navLink(paths.verify(), 'Verify a bundle', pathname === paths.verify())}
              </Group>
            </Group>
            <Group gap="sm" wrap="nowrap">
              <InboxBell />
              <Group gap={6} wrap="nowrap" visibleFrom="sm" data-testid="current-user">
                <Text size="sm" fw={500}>
                  {user.name}
                </Text>
                <Badge variant="light" color="gray">
                  {SYSTEM_ROLE_LABELS[user.systemRole]}
                </Badge>
              </Group>
              <Button variant="default" size="xs" onClick={() => signOut.mutate()} loading={signOut.isPending} disabled={signOut.isPending}>
                Sign out
              </Button>
            </Group>
          </Group>
        </Container>
      </AppShell.Header>
      <AppShell.Main bg="gray.0">
        <Container size="xl" py="md">
          {children}
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
