/** Cache keys shared across features, so one feature can refresh another's data. */
export const projectsKey = ['projects'] as const;
export const projectKey = (projectId: string) => ['project', projectId] as const;
export const workPackageKey = (wpId: string) => ['work-package', wpId] as const;
export const questionSetKey = (questionSetId: string) => ['question-set', questionSetId] as const;
