/**
 * Registered destinations of a project (docs/delivery.md) and the choice of one on a package:
 * anyone who sees the project lists them; system and programme managers register and retire
 * them; the package's author team chooses one (`PUT /packages/:packageId/destination`), which
 * voids the package's live sign-offs.
 */
import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../../common/contracts/common.contract';
import { choosePackageDestinationRequestSchema, destinationListSchema, destinationSchema, registerDestinationRequestSchema } from '../../../common/contracts/destinations.contract';
import { packageSchema } from '../../../common/contracts/packages.contract';
import { type DeliveryOptionsDeps, listProjectDestinations, registerDestination, retireProjectDestination } from '../../commands/destinations.commands';
import { choosePackageDestination } from '../../commands/package-destination.commands';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';

const refusals = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema, 422: errorResponseSchema };
const tags = ['destinations'];
const projectParams = z.object({ projectId: idSchema });

/** No push target and no folder export: what a server without DELIVERY_TARGETS and EXPORT_DIR offers. */
export const NO_DELIVERY_OPTIONS: DeliveryOptionsDeps['available'] = { pushTargets: [], folderExport: false };

export function destinationRoutes(app: App, deps: AuthDeps & { deliveryOptions?: DeliveryOptionsDeps['available'] }): void {
  const options: DeliveryOptionsDeps = { available: deps.deliveryOptions ?? NO_DELIVERY_OPTIONS };

  app.get(
    '/projects/:projectId/destinations',
    {
      schema: {
        tags,
        summary: 'The project’s registered destinations, what the server offers for new ones, and whether you may manage them',
        params: projectParams,
        querystring: z.object({ includeRetired: z.enum(['true', 'false']).default('false') }).strict(),
        response: { 200: destinationListSchema, ...refusals },
      },
    },
    async (request) => listProjectDestinations(contextOf(deps, request), request.params.projectId, options, request.query.includeRetired === 'true'),
  );

  app.post(
    '/projects/:projectId/destinations',
    {
      schema: {
        tags,
        summary: 'Register a destination (system or programme managers): a download link, a push to a configured storage target or a folder export, with the recipient’s age public key',
        params: projectParams,
        body: registerDestinationRequestSchema,
        response: { 201: destinationSchema, ...refusals },
      },
    },
    async (request, reply) => reply.status(201).send(await registerDestination(contextOf(deps, request), request.params.projectId, request.body, options)),
  );

  app.post(
    '/projects/:projectId/destinations/:destinationId/retire',
    {
      schema: {
        tags,
        summary: 'Retire a destination (system or programme managers): it can no longer be chosen',
        params: z.object({ projectId: idSchema, destinationId: idSchema }),
        body: z.object({}).strict().optional(),
        response: { 200: destinationSchema, ...refusals },
      },
    },
    async (request) => retireProjectDestination(contextOf(deps, request), request.params.projectId, request.params.destinationId),
  );

  app.put(
    '/packages/:packageId/destination',
    {
      schema: {
        tags,
        summary: 'Choose the package’s registered destination (or none); part of the content digest, so live sign-offs are voided',
        params: z.object({ packageId: idSchema }),
        body: choosePackageDestinationRequestSchema,
        response: { 200: packageSchema, ...refusals },
      },
    },
    async (request) => choosePackageDestination(contextOf(deps, request), request.params.packageId, request.body),
  );
}
