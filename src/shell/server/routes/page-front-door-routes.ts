/** Pages for the contact form (question pages with check your answers) and the triage tray. */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';

export function registerFrontDoorPages(_app: FastifyInstance, _deps: AppDeps): void {
  // Filled in by the feature that owns this file.
}
