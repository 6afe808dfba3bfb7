/** For tests that call the JSON API as signed-in demo users. */
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Actor, AgencyKind, Role } from '../../core/access/index.js';
import { apiSignIn, type TestServer } from './test-server.js';

/** An API answer as the tests read it. */
export interface ApiReply {
  status: number;
  body: unknown;
}

/** Read a response body through the API's own schema (which also checks its shape). */
export const read = <S extends z.ZodType>(schema: S, r: ApiReply): z.output<S> =>
  schema.parse(r.body);

/** Calls the API as named users, signing each in on first use and keeping their cookie. */
export class ApiCaller {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly app: () => FastifyInstance) {}

  /** Sign these users in now. */
  async signIn(...usernames: string[]): Promise<void> {
    for (const u of usernames) this.cookies.set(u, await apiSignIn(this.app(), u));
  }

  /** Forget every session, so that each user signs in again. */
  forgetSessions(): void {
    this.cookies.clear();
  }

  async call(
    who: string,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: unknown,
  ): Promise<ApiReply> {
    let cookie = this.cookies.get(who);
    if (cookie === undefined) {
      cookie = await apiSignIn(this.app(), who);
      this.cookies.set(who, cookie);
    }
    const res = await this.app().inject({
      method,
      url,
      headers: { cookie },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    return { status: res.statusCode, body: res.json() };
  }
}

/** A demo user as the actor of a request context, read from the database. */
export async function actorFor(server: TestServer, username: string): Promise<Actor> {
  const db = server.database.db;
  const u = await db
    .selectFrom('users')
    .innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .select(['users.id', 'users.display_name', 'users.agency_id', 'agencies.kind'])
    .where('users.username', '=', username)
    .executeTakeFirstOrThrow();
  const roles = await db
    .selectFrom('user_roles')
    .select('role')
    .where('user_id', '=', u.id)
    .execute();
  return {
    userId: u.id,
    username,
    displayName: u.display_name,
    agencyId: u.agency_id,
    agencyKind: u.kind as AgencyKind,
    roles: roles.map((r) => r.role as Role),
  };
}
