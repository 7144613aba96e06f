/**
 * A deliberately tiny router: the URL is the state, kept by lib/navigation.ts (`navigate`,
 * `useLocation`, `linkProps`, which features use too). Routes are matched in order by
 * `matchRoute()`; see app/routes.tsx.
 */
/** Match `/projects/:projectId` against a path; returns the decoded params or null. */
export function matchRoute(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = pathname.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const value = got[i] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return null;
  }
  return params;
}
