/** Pages for the child record (timeline, consent, sharing), my work and the authorisation tray. */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';

export function registerRecordPages(_app: FastifyInstance, _deps: AppDeps): void {
  // Filled in by the feature that owns this file.
}
