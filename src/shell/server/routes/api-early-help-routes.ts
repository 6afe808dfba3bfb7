/** Early help: episodes, EHA, Team Around the Family plans, meetings, reviews, panels (issue 3) */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';

export function registerEarlyHelpApi(_app: FastifyInstance, _deps: AppDeps): void {
  // Filled in by the feature that owns this file.
}
