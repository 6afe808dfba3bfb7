/** Pages for early help episodes, the EHA, the plan, meetings, reviews and panels. */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';

export function registerEarlyHelpPages(_app: FastifyInstance, _deps: AppDeps): void {
  // Filled in by the feature that owns this file.
}
