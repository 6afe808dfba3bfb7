/**
 * Builds the RequestContext once per request (actor from the session cookie, request id,
 * remote address, the time) so routes never touch sessions or clocks themselves.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Actor } from '../../core/access/index.js';
import type { Database } from '../db/index.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import {
  actorForSession,
  type RequestContext,
  type SessionLifetimes,
} from '../repositories/index.js';
import { Session } from '../session/index.js';

export const SESSION_COOKIE = 'baton_session';

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
    /** The per-request session every use-case is given (access, audit, one unit of work). */
    session: Session;
    sessionToken: string | null;
  }
}

export interface ContextOptions {
  db: Kysely<Database>;
  clock: () => Date;
  packs: ReadonlyMap<string, ResolvedPack>;
  /** The deployment's pack, for new work. */
  packId: string;
  /** Idle timeout for sessions (the absolute one is fixed at sign-in). */
  sessions?: Pick<SessionLifetimes, 'idleMinutes'>;
}

export const requestContextPlugin = fp<ContextOptions>(
  (app: FastifyInstance, opts: ContextOptions, done: () => void) => {
    app.decorateRequest('ctx', null as unknown as RequestContext);
    app.decorateRequest('session', null as unknown as Session);
    app.decorateRequest('sessionToken', null);
    app.addHook('onRequest', async (request: FastifyRequest) => {
      const token = request.cookies[SESSION_COOKIE] ?? null;
      const now = opts.clock().toISOString();
      const actor =
        token !== null && token !== ''
          ? await actorForSession(opts.db, token, now, opts.sessions)
          : null;
      request.sessionToken = actor ? token : null;
      request.ctx = { actor, requestId: request.id, remoteAddress: request.ip, now };
      request.session = new Session({
        db: opts.db,
        ctx: request.ctx,
        packs: opts.packs,
        packId: opts.packId,
      });
    });
    done();
  },
  { name: 'baton-request-context' },
);

/** The signed-in actor, or a BATON_NOT_SIGNED_IN error (pages turn it into a redirect). */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.ctx.actor) throw new BatonError('BATON_NOT_SIGNED_IN');
  return request.ctx.actor;
}

/**
 * Set the session cookie: HttpOnly, SameSite=Lax, Secure when configured. No Max-Age: the server
 * ends the session (idle and absolute timeouts), and the browser forgets it when it closes.
 */
export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
