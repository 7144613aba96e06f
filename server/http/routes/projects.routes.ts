/**
 * Projects, participants, datasets, extra work packages and disclosure-check settings
 * (`GET|PUT /projects/:projectId/check-settings`: anyone who sees the project reads them; only a
 * system or programme manager changes them, with a signed-in session).
 */
import { z } from 'zod';
import { changeCheckSettingsRequestSchema, checkSettingsResponseSchema } from '../../../common/contracts/check-settings.contract';
import { errorResponseSchema, idSchema } from '../../../common/contracts/common.contract';
import {
  addParticipantRequestSchema,
  changeProjectStatusRequestSchema,
  createDatasetRequestSchema,
  createProjectRequestSchema,
  projectDetailResponseSchema,
  projectListResponseSchema,
} from '../../../common/contracts/projects.contract';
import { createWorkPackageRequestSchema, workPackageDetailResponseSchema } from '../../../common/contracts/work-packages.contract';
import type { PresetName } from '../../checks/shared/presets';
import { changeCheckSettings, getCheckSettings } from '../../commands/check-settings.commands';
import { addDataset, addParticipant, addWorkPackage, changeProjectStatus, createProject, removeParticipant } from '../../commands/projects.commands';
import { PROJECT_TRANSITIONS } from '../../../common/workflow/project.workflow';
import type { ClosureReportServices } from '../../commands/closure-report.commands';
import { getProjectDetail, listVisibleProjects } from '../../commands/projects.queries';
import { getWorkPackageDetail } from '../../commands/work-packages.queries';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';

const refusals = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema, 422: errorResponseSchema };
const projectParams = z.object({ projectId: idSchema });

/** What the project routes need beyond authentication. */
export interface ProjectRouteDeps extends AuthDeps {
  /** The installation's default check preset (config CHECK_PRESET); `acro`, the configuration's default, when not given. */
  checkPreset?: PresetName;
  /** Where a closing project's report is stored and who draws its PDF; without them closing is refused. */
  closureReports?: ClosureReportServices;
}

export function projectRoutes(app: App, deps: ProjectRouteDeps): void {
  const checkSettingsDeps = { installationPreset: deps.checkPreset ?? 'acro' };
  app.get('/projects', { schema: { tags: ['projects'], summary: 'Projects you can see', response: { 200: projectListResponseSchema, ...refusals } } }, async (request) =>
    listVisibleProjects(contextOf(deps, request)),
  );

  app.post(
    '/projects',
    {
      schema: {
        tags: ['projects'],
        summary: 'Create a project with its three default work packages',
        body: createProjectRequestSchema,
        response: { 201: projectDetailResponseSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      const project = await createProject(ctx, request.body);
      return reply.status(201).send(await getProjectDetail(ctx, project.id));
    },
  );

  app.get(
    '/projects/:projectId',
    { schema: { tags: ['projects'], summary: 'A project with participants, datasets and work packages', params: projectParams, response: { 200: projectDetailResponseSchema, ...refusals } } },
    async (request) => getProjectDetail(contextOf(deps, request), request.params.projectId),
  );

  app.post(
    '/projects/:projectId/participants',
    {
      schema: {
        tags: ['projects'],
        summary: 'Add a participant with one project role',
        params: projectParams,
        body: addParticipantRequestSchema,
        response: { 201: projectDetailResponseSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      await addParticipant(ctx, request.params.projectId, request.body);
      return reply.status(201).send(await getProjectDetail(ctx, request.params.projectId));
    },
  );

  app.delete(
    '/projects/:projectId/participants/:participantId',
    {
      schema: {
        tags: ['projects'],
        summary: 'Remove a participant (history is kept)',
        params: projectParams.extend({ participantId: idSchema }),
        response: { 200: projectDetailResponseSchema, ...refusals },
      },
    },
    async (request) => {
      const ctx = contextOf(deps, request);
      await removeParticipant(ctx, request.params.projectId, request.params.participantId);
      return getProjectDetail(ctx, request.params.projectId);
    },
  );

  app.post(
    '/projects/:projectId/datasets',
    {
      schema: {
        tags: ['projects'],
        summary: 'Add a dataset with its data provider representative',
        params: projectParams,
        body: createDatasetRequestSchema,
        response: { 201: projectDetailResponseSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      await addDataset(ctx, request.params.projectId, request.body);
      return reply.status(201).send(await getProjectDetail(ctx, request.params.projectId));
    },
  );

  for (const t of PROJECT_TRANSITIONS) {
    const path = t.action.replaceAll('_', '-');
    app.post(
      `/projects/:projectId/${path}`,
      {
        schema: {
          tags: ['projects'],
          summary: `Project lifecycle: ${t.from} → ${t.to}`,
          params: projectParams,
          body: changeProjectStatusRequestSchema,
          response: { 200: projectDetailResponseSchema, ...refusals },
        },
      },
      async (request) => {
        const ctx = contextOf(deps, request);
        await changeProjectStatus(ctx, request.params.projectId, t.action, request.body, deps.closureReports);
        return getProjectDetail(ctx, request.params.projectId);
      },
    );
  }

  app.post(
    '/projects/:projectId/work-packages',
    {
      schema: {
        tags: ['work packages'],
        summary: 'Add another egress work package',
        params: projectParams,
        body: createWorkPackageRequestSchema,
        response: { 201: workPackageDetailResponseSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      const wp = await addWorkPackage(ctx, request.params.projectId, request.body);
      return reply.status(201).send(await getWorkPackageDetail(ctx, wp.id));
    },
  );

  app.get(
    '/projects/:projectId/check-settings',
    {
      schema: {
        tags: ['projects'],
        summary: 'The project’s disclosure-check settings and the preset and parameters that apply per tier',
        params: projectParams,
        response: { 200: checkSettingsResponseSchema, ...refusals },
      },
    },
    async (request) => getCheckSettings(contextOf(deps, request), request.params.projectId, checkSettingsDeps),
  );

  app.put(
    '/projects/:projectId/check-settings',
    {
      schema: {
        tags: ['projects'],
        summary: 'Replace the project’s disclosure-check settings (system or programme managers); results already stored are not re-checked',
        params: projectParams,
        body: changeCheckSettingsRequestSchema,
        response: { 200: checkSettingsResponseSchema, ...refusals },
      },
    },
    async (request) => changeCheckSettings(contextOf(deps, request), request.params.projectId, request.body, checkSettingsDeps),
  );
}
