/**
 * The sign-in rate limit, used by the API's POST /session and by the sign-in page; a module of its
 * own so that neither route module imports the other.
 */
import { BatonError } from '../../core/errors/error-catalogue.js';

/** Sign-in attempts per address and username: a slow brute force gets nowhere. */
export function signInRateLimit(max: number) {
  return {
    max,
    timeWindow: '15 minutes',
    // After the body is parsed: on the default onRequest hook there is no username yet, so every
    // user at one address shared one limit and a few wrong guesses locked everyone out.
    hook: 'preHandler' as const,
    keyGenerator: (request: { ip: string; body?: unknown }) => {
      const body = request.body as { username?: unknown } | undefined;
      const username = typeof body?.username === 'string' ? body.username.toLowerCase() : '';
      return `${request.ip}|${username}`;
    },
    errorResponseBuilder: () => new BatonError('BATON_SIGN_IN_RATE_LIMITED'),
  };
}
