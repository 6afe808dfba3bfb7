/**
 * CSRF tokens bound to the session. The secret sits in a cookie (@fastify/csrf-protection's
 * cookie mode); the token is also an HMAC over this request's session, so a token and cookie pair
 * from one session, or from before sign-in, does not work in another. The session token itself is
 * never put into the HMAC input; its SHA-256 is.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** The `__Host-` prefix (Secure, path /, no Domain) means no sibling host can plant the cookie. */
export function csrfCookieName(secure: boolean): string {
  return secure ? '__Host-csrf' : '_csrf';
}

/**
 * What a token is bound to: this request's session, or a fixed word before sign-in (the library
 * refuses an empty one). A hash is never the word, so the two cannot be confused.
 */
export function csrfUserInfo(request: FastifyRequest): string {
  const token = request.sessionToken;
  return token === null ? 'signed-out' : createHash('sha256').update(token).digest('base64url');
}
