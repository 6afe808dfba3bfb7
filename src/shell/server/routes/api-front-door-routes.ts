/** The front door: contacts, MASH enquiries, triage and decisions (issue 3) */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';

export function registerFrontDoorApi(_app: FastifyInstance, _deps: AppDeps): void {
  // Filled in by the feature that owns this file.
}
