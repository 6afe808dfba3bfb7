/**
 * One sign-in limit for every sign-in route (the page and the API), counted in the database.
 * It runs as a preHandler, after the body is parsed, because the key needs the username.
 */
import type { FastifyRequest } from 'fastify';
import { BatonError } from '../../core/errors/error-catalogue.js';
import { admitSignInAttempt, appendAudit, signInAttemptKey } from '../repositories/index.js';

/** The username in a sign-in body, JSON or form (where a field may come as a list). */
function usernameOf(body: unknown): string {
  const value = (body as { username?: unknown } | null | undefined)?.username;
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** A preHandler refusing, coded 429, past `limit` attempts per address and username. */
export function signInLimit(limit: number) {
  return async (request: FastifyRequest): Promise<void> => {
    const db = request.session.db;
    const admitted = await admitSignInAttempt(db, {
      key: signInAttemptKey(request.ip, usernameOf(request.body)),
      now: request.ctx.now,
      limit,
    });
    if (admitted) return;
    await appendAudit(db, request.ctx, {
      action: 'session.sign-in',
      outcome: 'refused',
      reason: 'BATON_SIGN_IN_RATE_LIMITED',
    });
    throw new BatonError('BATON_SIGN_IN_RATE_LIMITED');
  };
}
