/**
 * Builds the Fastify application: security headers, cookies, rate limiting, zod schemas on
 * every route, the OpenAPI document and docs, the API under /api/v1, health probes and the
 * web UI. Nothing here reads configuration or opens connections; entrypoints pass them in.
 */
import { existsSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { type ZodTypeProvider, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { type AuthDeps, protectRoutes } from './auth';
import { apiTokenRoutes } from './routes/api-tokens.routes';
import { installErrorHandler } from './error-handler';
import { destinationRoutes } from './routes/destinations.routes';
import { packageRoutes } from './routes/packages.routes';
import { outputAreaRoutes } from './routes/output-area.routes';
import { closureRoutes } from './routes/closure.routes';
import { closureReportRoutes } from './routes/closure-report.routes';
import { projectRoutes } from './routes/projects.routes';
import { referenceRoutes } from './routes/reference.routes';
import { bundleKeyRoutes } from './routes/bundle-keys.routes';
import { type LinkRateLimit, linkRoutes } from './routes/links.routes';
import { releaseRoutes } from './routes/releases.routes';
import { sessionRoutes } from './routes/session.routes';
import { signInLockRoutes } from './routes/sign-in-locks.routes';
import { uploadRoutes } from './routes/uploads.routes';
import { userRoutes } from './routes/users.routes';
import { workPackageRoutes } from './routes/work-packages.routes';
import { waitingRoutes } from './routes/waiting.routes';
import { notificationRoutes } from './routes/notifications.routes';
import type { PresetName } from '../checks/shared/presets';
import type { PackageServices } from '../ports/package-services';
import type { SignInPolicy } from '../commands/sessions.commands';
import type { ReleaseRevokeSteps } from '../ports/release-revoke';
import type { App } from './types';

export interface AppOptions extends AuthDeps {
  /** Who needs a second factor and the sign-in limits (docs/identity.md); the demo and password-only test harnesses make the factor optional. */
  identity: SignInPolicy;
  /** Folder with the built web UI; omitted in API tests. */
  webRoot?: string;
  /** A pino logger; tests run without one. */
  loggerInstance?: FastifyBaseLogger;
  /** Whose X-Forwarded-* to believe (TRUST_PROXY): nobody (default), every peer, or the listed proxies' addresses/CIDRs. */
  trustProxy?: boolean | string[];
  version: string;
  /** Blob store, limits, upload staging, output areas and the checks queue; without them the package, upload and output-area routes are not mounted. */
  packages?: PackageServices;
  /** Requests per address on the public download-link route (default 60 a minute). */
  linkLimit?: LinkRateLimit;
  /** The delivery methods' revoke steps (ports/release-revoke.ts); links need none. */
  releaseRevokeSteps?: ReleaseRevokeSteps;
  /** The installation's default check preset (CHECK_PRESET), shown with projects' check settings. */
  checkPreset?: PresetName;
  /** The push targets and folder export the server offers for registered destinations (DELIVERY_TARGETS, EXPORT_DIR); none when absent. */
  deliveryOptions?: { pushTargets: string[]; folderExport: boolean };
  /** Whether e-mail is configured (SMTP_HOST): the notification settings say so; the inbox works either way. */
  emailConfigured?: boolean;
}

/** Log redaction: never write cookies, tokens or passwords. */
export const LOG_REDACT = ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers.authorization', 'res.headers["set-cookie"]'];

export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    ...(options.loggerInstance ? { loggerInstance: options.loggerInstance } : { logger: false }),
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('session', null);
  app.decorateRequest('apiToken', null);
  const serveWeb = options.webRoot !== undefined && existsSync(options.webRoot);
  installErrorHandler(app, serveWeb);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] },
    },
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Safe Haven Egress API', version: options.version, description: 'Classify, check, review and release research outputs.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'egress_session' },
          bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token (egr_…), accepted only by routes that name a token scope' },
        },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/healthz', { schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(options.db);
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ error: { code: 'database.unavailable', message: 'The database is not reachable' } });
    }
  });

  await app.register(
    async (api) => {
      sessionRoutes(api as App, options, options.identity);
      // Public: verifiers fetch the bundle keys without an account.
      bundleKeyRoutes(api as App, options);
      // No sign-in: the link's token is the credential.
      if (options.packages) linkRoutes(api as App, options, options.packages, options.linkLimit);
      await api.register(async (authed) => {
        // A session, or a personal API token on routes that declare `config.tokenScopes`.
        protectRoutes(authed, options);
        userRoutes(authed as App, options);
        signInLockRoutes(authed as App, options, options.identity.signInLimits);
        projectRoutes(authed as App, { ...options, ...(options.packages ? { closureReports: options.packages } : {}) });
        destinationRoutes(authed as App, options);
        workPackageRoutes(authed as App, options);
        referenceRoutes(authed as App, options);
        apiTokenRoutes(authed as App, options);
        waitingRoutes(authed as App, options);
        closureRoutes(authed as App, options, options.packages);
        notificationRoutes(authed as App, options, { emailConfigured: options.emailConfigured ?? false });
        const packages = options.packages;
        if (packages) {
          packageRoutes(authed as App, options, packages);
          releaseRoutes(authed as App, options, packages, options.releaseRevokeSteps);
          // Its own scope: the tus body parser must not apply to other routes.
          await authed.register(async (scope) => uploadRoutes(scope as App, { ...options, packages }));
          outputAreaRoutes(authed as App, options, packages);
          closureReportRoutes(authed as App, options, packages);
        }
      });
    },
    { prefix: '/api/v1' },
  );

  if (serveWeb) {
    // Files are looked up per request, so a rebuilt UI is served without a restart.
    await app.register(fastifyStatic, { root: options.webRoot as string, wildcard: true });
  }
  return app;
}
