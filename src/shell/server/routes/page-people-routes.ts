/** Pages for finding and adding people at intake, and merging duplicates. */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';

export function registerPeoplePages(_app: FastifyInstance, _deps: AppDeps): void {
  // Filled in by the feature that owns this file.
}
