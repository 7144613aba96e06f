/**
 * `GET /api/v1/keys`: the public bundle signing keys (docs/bundles.md). Public, no sign-in: a
 * recipient verifying a bundle fetches them once and pins the fingerprints; cacheable for an
 * hour (a rotation adds a key, it never changes one).
 */
import { bundleKeysResponseSchema } from '../../../common/contracts/bundle-keys.contract';
import { listBundleKeys } from '../../commands/bundle-keys.commands';
import type { AuthDeps } from '../auth';
import type { App } from '../types';

export function bundleKeyRoutes(app: App, deps: Pick<AuthDeps, 'db'>): void {
  app.get(
    '/keys',
    {
      schema: {
        tags: ['bundles'],
        summary: 'Every public key that signs or has signed release bundles (no sign-in needed)',
        security: [],
        response: { 200: bundleKeysResponseSchema },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return { keys: await listBundleKeys(deps.db) };
    },
  );
}
