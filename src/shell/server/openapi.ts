/**
 * The OpenAPI document (generated from the zod route schemas) at /api/openapi.json, docs at
 * /api/docs.
 *
 * Both are built on first request, not at start-up: @fastify/swagger loads its generator (YAML,
 * a JSON Schema resolver) when registered, and few starts are followed by someone reading the
 * docs. The routes are collected as the app adds them; the first request builds a small Fastify
 * instance holding those routes, @fastify/swagger and @fastify/swagger-ui, and /api/docs/* is
 * answered by it.
 */
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  RouteOptions,
} from 'fastify';
import { referenceFrom } from './api-reference.js';
import { ZOD_SCHEMA_CONTROLLER } from './zod-compilers.js';

const DOCS_PREFIX = '/api/docs';

/** What a request for the docs passes on (so a browser's cached copy is answered 304)... */
const CONDITIONAL_HEADERS = ['if-none-match', 'if-modified-since'];
/** ...and what their answer does (the app adds its own security headers). */
const PASSED_HEADERS = ['content-type', 'location', 'etag', 'last-modified', 'cache-control'];

function pick(
  headers: Readonly<Record<string, unknown>>,
  names: readonly string[],
): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = headers[name];
    if (typeof value === 'string') picked[name] = value;
  }
  return picked;
}

/** Collect the routes added after this, and serve their OpenAPI document and docs on request. */
export function registerOpenApi(app: FastifyInstance): void {
  const routes: RouteOptions[] = [];
  let built: Promise<FastifyInstance> | undefined;
  const docs = (): Promise<FastifyInstance> => {
    built ??= buildDocsApp(routes).catch((e: unknown) => {
      built = undefined;
      throw e;
    });
    return built;
  };

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => (await docs()).swagger());
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    const res = await (
      await docs()
    ).inject({
      method: request.method === 'HEAD' ? 'HEAD' : 'GET',
      url: request.url,
      headers: pick(request.headers, CONDITIONAL_HEADERS),
    });
    // A missing file is Baton's own coded 404, like any other unknown address.
    if (res.statusCode === 404) {
      reply.callNotFound();
      return reply;
    }
    reply.headers(pick(res.headers, PASSED_HEADERS));
    reply.status(res.statusCode);
    return res.rawPayload.length > 0 ? reply.send(res.rawPayload) : reply.send();
  };
  // The reference as an accessible GOV.UK page, from the same document (Swagger UI fails WCAG).
  app.get('/api/reference', { schema: { hide: true } }, async (_request, reply) => {
    const document = (await docs()).swagger();
    return reply.render('api-reference.njk', {
      title: 'API reference',
      info: document.info,
      tags: referenceFrom(document),
    });
  });
  app.get(DOCS_PREFIX, { schema: { hide: true } }, forward);
  app.get(`${DOCS_PREFIX}/*`, { schema: { hide: true } }, forward);
  // Every route added from here on (not the three above, which the docs instance has its own of).
  app.addHook('onRoute', (route) => {
    // HEAD twins of GET routes stay out of the document, as with @fastify/swagger's defaults.
    if (route.method !== 'HEAD') routes.push(route);
  });
}

/** A Fastify instance with the collected routes (handlers never run), swagger and swagger-ui. */
async function buildDocsApp(routes: readonly RouteOptions[]): Promise<FastifyInstance> {
  const [{ default: Fastify }, { default: fastifySwagger }, { default: fastifySwaggerUi }, zod] =
    await Promise.all([
      import('fastify'),
      import('@fastify/swagger'),
      import('@fastify/swagger-ui'),
      import('fastify-type-provider-zod'),
    ]);
  const docs = Fastify({ schemaController: ZOD_SCHEMA_CONTROLLER });
  await docs.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Baton API',
        version: '0.1.0',
        description:
          "Levels of need, early help and step up / step down for children's services. Every error has a stable code (docs/errors.md). Sign in with POST /api/session; the session cookie authenticates later calls. Other systems call with an API client token (`Authorization: Bearer baton_ct_…`, made by `baton clients add`): only the operations that name a client scope accept one, and only from a client with that scope; the client acts for its agency under the same access policy as a practitioner there. Send bodies as application/json.",
      },
      tags: [
        { name: 'session', description: 'Sign in and out' },
        { name: 'policy', description: 'Policy packs: each authority’s guidance as data' },
        { name: 'threshold', description: 'The levels-of-need check' },
        { name: 'audit', description: 'The audit trail' },
      ],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'baton_session' },
          clientToken: {
            type: 'http',
            scheme: 'bearer',
            description:
              'An API client token (`baton clients add`). Scopes: returns:read, contacts:create, webhooks:receive. Each operation open to clients lists clientToken among its security and names its scope in its description. Tokens expire and can be revoked (`baton clients revoke`).',
          },
        },
      },
      security: [{ session: [] }],
    },
    transform: zod.jsonSchemaTransform,
  });
  await docs.register(fastifySwaggerUi, {
    routePrefix: DOCS_PREFIX,
    uiConfig: { docExpansion: 'list' },
  });
  const neverCalled = () => {
    throw new Error('the docs instance only describes routes');
  };
  for (const route of routes) {
    const scope = route.config?.clientScope;
    const security: Record<string, readonly string[]>[] = [{ session: [] }, { clientToken: [] }];
    const schema: FastifySchema | undefined =
      scope === undefined
        ? route.schema
        : {
            ...route.schema,
            security,
            description:
              `${route.schema?.description ?? ''}\n\nAPI clients: needs scope \`${scope}\`.`.trim(),
          };
    docs.route({
      method: route.method,
      url: route.url,
      ...(schema && { schema }),
      ...(route.config && { config: route.config }),
      exposeHeadRoute: false,
      handler: neverCalled,
    });
  }
  await docs.ready();
  return docs;
}
