/** The route table: the first pattern that matches the path renders its page. */
import { Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { AuditPage } from '../features/audit/components/AuditPage';
import { ClassifyPage } from '../features/classification/components/ClassifyPage';
import { PackagePage } from '../features/packages/components/PackagePage';
import { ReviewWorkbenchLink } from '../features/review/components/ReviewWorkbenchLink';
import { ReviewWorkbenchPage } from '../features/review/components/ReviewWorkbenchPage';
import { ProjectListPage } from '../features/projects/components/ProjectListPage';
import { ProjectPage } from '../features/projects/components/ProjectPage';
import { ApiTokensPage } from '../features/tokens/components/ApiTokensPage';
import { UsersPage } from '../features/users/components/UsersPage';
import { SecondFactorPage } from '../features/session/components/SecondFactorPage';
import { VerifyBundlePage } from '../features/verify/components/VerifyBundlePage';
import { WaitingForMe } from '../features/waiting/components/WaitingForMe';
import { NotificationList } from '../features/notifications/components/NotificationList';
import { NotificationSettingsPage } from '../features/notifications/components/NotificationSettingsPage';
import { WorkPackagePage } from '../features/work-packages/components/WorkPackagePage';
import { patterns } from '../lib/paths';
import { matchRoute } from './router';

type Params = Record<string, string>;

interface Route {
  pattern: string;
  render: (params: Params) => ReactNode;
}

// Each page is keyed by its ids so that moving between two projects starts with fresh state.
const ROUTES: Route[] = [
  {
    pattern: patterns.home,
    render: () => (
      <Stack gap="lg">
        <WaitingForMe />
        <ProjectListPage />
      </Stack>
    ),
  },
  {
    pattern: patterns.inbox,
    render: () => (
      <Stack gap="lg">
        <WaitingForMe />
        <NotificationList />
      </Stack>
    ),
  },
  { pattern: patterns.notificationSettings, render: () => <NotificationSettingsPage /> },
  { pattern: patterns.users, render: () => <UsersPage /> },
  { pattern: patterns.tokens, render: () => <ApiTokensPage /> },
  { pattern: patterns.secondFactor, render: () => <SecondFactorPage /> },
  { pattern: patterns.verify, render: () => <VerifyBundlePage /> },
  { pattern: patterns.project, render: (p) => <ProjectPage key={p.projectId} projectId={p.projectId ?? ''} /> },
  { pattern: patterns.projectAudit, render: (p) => <AuditPage key={p.projectId} projectId={p.projectId ?? ''} /> },
  { pattern: patterns.workPackage, render: (p) => <WorkPackagePage key={p.wpId} wpId={p.wpId ?? ''} /> },
  { pattern: patterns.classify, render: (p) => <ClassifyPage key={p.wpId} wpId={p.wpId ?? ''} /> },
  { pattern: patterns.review, render: (p) => <ReviewWorkbenchPage key={p.packageId} packageId={p.packageId ?? ''} /> },
  { pattern: patterns.package, render: (p) => <PackagePage key={p.packageId} packageId={p.packageId ?? ''} reviewLink={(pkg) => <ReviewWorkbenchLink pkg={pkg} />} /> },
];

/** The page for a path, or null when no route matches. */
export function renderRoute(pathname: string): ReactNode | null {
  for (const route of ROUTES) {
    const params = matchRoute(route.pattern, pathname);
    if (params) return route.render(params);
  }
  return null;
}
