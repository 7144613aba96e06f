import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Abilities,
  AddParticipantRequest,
  CreateDatasetRequest,
  CreateProjectRequest,
  CreateWorkPackageRequest,
  Project,
  ProjectDetail,
  QuestionSet,
  WorkPackageDetail,
} from '../../../common/contracts';
import type { ProjectTransitionAction } from '../../../common/workflow/project.workflow';
import { api, isConflict } from './api';
import { projectKey, projectsKey, workPackageKey } from './query-keys';

const base = (projectId: string) => `/projects/${encodeURIComponent(projectId)}`;

export function useProjects() {
  return useQuery({
    queryKey: projectsKey,
    queryFn: () => api<{ projects: Project[]; abilities: Abilities }>('/projects'),
  });
}

export function useProject(projectId: string) {
  return useQuery({ queryKey: projectKey(projectId), queryFn: () => api<ProjectDetail>(base(projectId)) });
}

/** Every question set and version, for choosing one when creating a project. */
export function useQuestionSets() {
  return useQuery({ queryKey: ['question-sets'], queryFn: () => api<{ questionSets: QuestionSet[] }>('/question-sets'), staleTime: 5 * 60_000 });
}

type NewProject = Pick<CreateProjectRequest, 'name' | 'environmentTier'> & Partial<CreateProjectRequest>;

/** Creates the project (with its three default work packages); resolves to its detail. */
export function useCreateProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewProject) => api<ProjectDetail>('/projects', { method: 'POST', body }),
    onSuccess: (detail) => {
      queryClient.setQueryData(projectKey(detail.project.id), detail);
      return queryClient.invalidateQueries({ queryKey: projectsKey });
    },
  });
}

/** Mutations on a project's parts answer with the new project detail: show it at once. */
function useProjectMutation<TBody>(projectId: string, request: (body: TBody) => Promise<ProjectDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (detail) => {
      queryClient.setQueryData(projectKey(projectId), detail);
      return queryClient.invalidateQueries({ queryKey: projectsKey });
    },
    // Someone else moved the project on: fetch what it is now so the user sees it.
    onError: (error) => (isConflict(error) ? queryClient.invalidateQueries({ queryKey: projectKey(projectId) }) : undefined),
  });
}

export function useAddParticipant(projectId: string) {
  return useProjectMutation(projectId, (body: AddParticipantRequest) => api<ProjectDetail>(`${base(projectId)}/participants`, { method: 'POST', body }));
}

export function useRemoveParticipant(projectId: string) {
  return useProjectMutation(projectId, (participantId: string) => api<ProjectDetail>(`${base(projectId)}/participants/${encodeURIComponent(participantId)}`, { method: 'DELETE' }));
}

export function useAddDataset(projectId: string) {
  return useProjectMutation(projectId, (body: Partial<CreateDatasetRequest> & Omit<CreateDatasetRequest, 'description'>) =>
    api<ProjectDetail>(`${base(projectId)}/datasets`, { method: 'POST', body }),
  );
}

/** Move the project through its lifecycle (start closing, resume, close); carries the version shown. */
export function useChangeProjectStatus(projectId: string) {
  return useProjectMutation(projectId, ({ action, version }: { action: ProjectTransitionAction; version: number }) =>
    api<ProjectDetail>(`${base(projectId)}/${action.replaceAll('_', '-')}`, { method: 'POST', body: { version } }),
  );
}

/** Adds an egress work package; answers with the new work package, so the project is refetched. */
export function useAddWorkPackage(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Pick<CreateWorkPackageRequest, 'name' | 'description'>) => api<WorkPackageDetail>(`${base(projectId)}/work-packages`, { method: 'POST', body }),
    onSuccess: (detail) => {
      queryClient.setQueryData(workPackageKey(detail.workPackage.id), detail);
      return Promise.all([queryClient.invalidateQueries({ queryKey: projectKey(projectId) }), queryClient.invalidateQueries({ queryKey: projectsKey })]);
    },
  });
}
