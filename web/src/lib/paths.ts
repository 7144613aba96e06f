/**
 * Every in-app page's URL, in one place: `patterns` is what app/routes.tsx matches, and `paths`
 * builds each page's URL from its pattern (ids are encoded), so a link cannot drift from its route.
 */
export const patterns = {
  home: '/',
  login: '/login',
  users: '/users',
  tokens: '/tokens',
  secondFactor: '/account/second-factor',
  project: '/projects/:projectId',
  projectAudit: '/projects/:projectId/audit',
  workPackage: '/work-packages/:wpId',
  classify: '/work-packages/:wpId/classify',
  package: '/packages/:packageId',
  review: '/packages/:packageId/review',
  verify: '/verify',
  inbox: '/inbox',
  notificationSettings: '/inbox/settings',
} as const;

/** Fill a pattern's `:name` segments with the encoded values. */
function fill(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

export const paths = {
  home: () => patterns.home,
  /** The sign-in page; `next` is the in-app page to return to afterwards. */
  login: (next?: string) => (next ? `${patterns.login}?next=${encodeURIComponent(next)}` : patterns.login),
  users: () => patterns.users,
  tokens: () => patterns.tokens,
  secondFactor: () => patterns.secondFactor,
  project: (projectId: string) => fill(patterns.project, { projectId }),
  projectAudit: (projectId: string) => fill(patterns.projectAudit, { projectId }),
  workPackage: (wpId: string) => fill(patterns.workPackage, { wpId }),
  classify: (wpId: string) => fill(patterns.classify, { wpId }),
  package: (packageId: string) => fill(patterns.package, { packageId }),
  review: (packageId: string) => fill(patterns.review, { packageId }),
  /** Public: checks a released bundle in the browser, signed in or not. */
  verify: () => patterns.verify,
  /** What is waiting for the signed-in person and their notifications. */
  inbox: () => patterns.inbox,
  notificationSettings: () => patterns.notificationSettings,
} as const satisfies Record<keyof typeof patterns, (...args: never[]) => string>;
