/**
 * Builds the Fastify application: security plugins, rendering, the request context, API and
 * page routes, OpenAPI. No SQL and no access checks here: routes call repositories and the core.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppDeps } from './app-deps.js';
import { csrfCookieName, csrfUserInfo } from './csrf-binding.js';
import { frameworkErrorHandler, installErrorHandling } from './error-handler.js';
import { registerHealthRoutes } from './health-routes.js';
import { installInputGuard } from './input-guard.js';
import { installNotSignedInAudit } from './not-signed-in-audit.js';
import { registerOpenApi } from './openapi.js';
import { installRendering, renderErrorPage } from './render.js';
import { requestContextPlugin } from './request-context-plugin.js';
import { buildSecurityHeaders } from './security-headers.js';
import { registerApiRoutes } from './routes/api-routes.js';
import { registerPageRoutes } from './routes/page-routes.js';
import { GOVUK_DIST_DIR, ROOT_DIR } from './views.js';
import { ZOD_SCHEMA_CONTROLLER } from './zod-compilers.js';

export type { AppDeps } from './app-deps.js';

/** Create the app (not listening). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? {
      level: deps.config.logLevel,
      // Logs carry no personal data: no bodies, no query strings, no cookies, no path parameters
      // (the route's pattern, not the URL). Every line of a request carries its id (`reqId`),
      // the id an error page shows, so a report can be found in the log.
      serializers: {
        req: (req: { method: string; routeOptions?: { url?: string } }) => ({
          method: req.method,
          route: req.routeOptions?.url,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      ...(deps.logStream ? { stream: deps.logStream } : {}),
    },
    genReqId: () => randomUUID(),
    trustProxy: false,
    bodyLimit: 256 * 1024,
    frameworkErrors: frameworkErrorHandler,
    schemaController: ZOD_SCHEMA_CONTROLLER,
  });
  if (deps.onRoute) app.addHook('onRoute', deps.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Fixed strings, built once: the content security policy allows GOV.UK Frontend's inline script
  // by its hash, so no response needs anything of its own (such as a nonce).
  const securityHeaders = buildSecurityHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });
  await app.register(fastifyCookie, { secret: deps.config.cookieSecret });
  await app.register(fastifyFormbody);
  await app.register(fastifyCsrf, {
    cookieKey: csrfCookieName(deps.config.cookieSecure),
    getUserInfo: csrfUserInfo,
    csrfOpts: { hmacKey: deps.config.cookieSecret },
    cookieOpts: {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.config.cookieSecure,
      signed: true,
    },
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyStatic, {
    root: join(GOVUK_DIST_DIR, 'govuk', 'assets'),
    prefix: '/assets/',
    decorateReply: false,
  });
  await app.register(fastifyStatic, {
    root: join(GOVUK_DIST_DIR, 'govuk'),
    prefix: '/govuk/',
    allowedPath: (path) => path === '/govuk-frontend.min.css' || path === '/govuk-frontend.min.js',
    decorateReply: false,
  });
  await app.register(fastifyStatic, {
    root: join(ROOT_DIR, 'public'),
    prefix: '/static/',
    decorateReply: false,
  });
  await app.register(requestContextPlugin, {
    db: deps.handle.db,
    clock: deps.clock ?? (() => new Date()),
    packs: deps.packs,
    packId: deps.config.packId,
    sessions: deps.config.sessionLifetimes,
  });
  installRendering(app, deps);
  installErrorHandling(app, renderErrorPage);
  installInputGuard(app);
  installNotSignedInAudit(app, deps.handle.db);
  registerOpenApi(app);

  registerHealthRoutes(app, deps);
  await app.register(registerApiRoutes, { prefix: '/api', deps });
  await app.register(registerPageRoutes, { deps });
  return app;
}
