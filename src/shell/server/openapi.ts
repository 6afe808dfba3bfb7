/** The OpenAPI document (generated from the zod route schemas) at /api/openapi.json, docs at /api/docs. */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Baton API',
        version: '0.1.0',
        description:
          "Levels of need, early help and step up / step down for children's services. Every error has a stable code (docs/errors.md). Sign in with POST /api/session; the session cookie authenticates later calls. Send bodies as application/json.",
      },
      tags: [
        { name: 'session', description: 'Sign in and out' },
        { name: 'policy', description: 'Policy packs: each authority’s guidance as data' },
        { name: 'threshold', description: 'The levels-of-need check' },
        { name: 'audit', description: 'The audit trail' },
      ],
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'baton_session' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list' },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
