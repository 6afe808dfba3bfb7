/** The child record, consent ledger, information sharing, my work, the authorisation tray (issue 3) */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';

export function registerRecordApi(_app: FastifyInstance, _deps: AppDeps): void {
  // Filled in by the feature that owns this file.
}
