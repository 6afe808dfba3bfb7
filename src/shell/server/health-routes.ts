/**
 * Health for load balancers and orchestrators (issue 15 §6). `/health/live`: the process answers
 * (restart it if not). `/health/ready`: send it traffic — the database answers, its migrations
 * are this Baton's, and the deployment's policy pack is loaded and valid (packs are validated as
 * they load; an invalid one stops start-up). While shutting down Fastify answers 503 to new
 * requests, so a draining process drops out of rotation. No check's reason names a host, user
 * or file.
 */
import type { FastifyInstance } from 'fastify';
import { databaseAnswers, migrationsCurrent, type CheckResult } from '../db/readiness.js';
import type { AppDeps } from './app-deps.js';

export function registerHealthRoutes(app: FastifyInstance, deps: AppDeps): void {
  const live = () => ({ status: 'ok' });
  app.get('/health', { schema: { hide: true } }, live);
  app.get('/health/live', { schema: { hide: true } }, live);
  app.get('/health/ready', { schema: { hide: true } }, async (_request, reply) => {
    const database = await databaseAnswers(deps.handle);
    const migrations: CheckResult = database.ok
      ? await migrationsCurrent(deps.handle)
      : { ok: false, reason: 'the database does not answer' };
    const packs: CheckResult = deps.packs.has(deps.config.packId)
      ? { ok: true }
      : { ok: false, reason: `the deployment's pack "${deps.config.packId}" is not loaded` };
    const checks = { database, migrations, packs };
    const ready = Object.values(checks).every((c) => c.ok);
    return reply.status(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not ready',
      checks: Object.fromEntries(
        Object.entries(checks).map(([k, c]) => [k, c.ok ? 'ok' : c.reason]),
      ),
    });
  });
}
