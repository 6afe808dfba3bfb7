/** People: intake search, create, update, relationships, merge and undo (issue 3) */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';

export function registerPeopleApi(_app: FastifyInstance, _deps: AppDeps): void {
  // Filled in by the feature that owns this file.
}
