/**
 * Refuse text that no database here can store the same way: a NUL character (U+0000) is an error
 * in PostgreSQL text but is kept by SQLite. Checked once, at the edge, for every route, so the
 * answer is a coded 400 on both databases rather than a 500 on one (found by the API fuzz suite).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BatonError } from '../../core/errors/error-catalogue.js';

/** The path to the first string holding a NUL character, or null. */
function nulPath(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 32 || typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = key.includes('\u0000')
      ? path
      : nulPath(inner, path === '' ? key : `${path}.${key}`, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** Install the check (before validation, so every route and page is covered). */
export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const path =
      nulPath(request.params, '') ?? nulPath(request.query, '') ?? nulPath(request.body, '');
    if (path !== null)
      throw new BatonError('BATON_VALIDATION', {
        details: [
          { path: path === '' ? '(request)' : path, message: 'Remove the NUL character (U+0000)' },
        ],
      });
  });
}
