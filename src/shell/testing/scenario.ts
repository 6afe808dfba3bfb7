/**
 * The one harness for the scenario suites (social care, early help): a server under one
 * authority's pack, on one database, with a clock the story moves forward, demo users who sign in
 * on first use, synthetic families, and the golden trace written after every step.
 */
import type { FastifyInstance } from 'fastify';
import type { Actor, AgencyKind, Role } from '../../core/access/index.js';
import { addInvolvement, createUser } from '../repositories/index.js';
import { insertPerson, insertRelationship } from '../repositories/people-repository.js';
import { actorFor, ApiCaller, type ApiReply } from './api-client.js';
import { goldenTrace, type GoldenTrace } from './golden-trace.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from './test-server.js';
import { londonDay } from '../../core/calendar/index.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

export class Scenario {
  server!: TestServer;
  app!: FastifyInstance;
  now: Date;
  trace!: GoldenTrace;
  private readonly api = new ApiCaller(() => this.app);

  constructor(
    readonly pack: string,
    start: string,
  ) {
    this.now = new Date(start);
  }

  async start(dialect: 'sqlite' | 'postgres'): Promise<void> {
    this.server = await startTestServer({
      dialect,
      clock: () => this.now,
      env: { BATON_PACK: this.pack, BATON_SIGN_IN_LIMIT: '1000' },
    });
    this.app = this.server.app;
    this.trace = goldenTrace(this.server, dialect);
  }

  /** Move the clock on; sessions last eight hours, so everyone signs in again. */
  advanceTo(iso: string): void {
    this.now = new Date(iso);
    this.api.forgetSessions();
  }

  actor(username: string): Promise<Actor> {
    return actorFor(this.server, username);
  }

  /** A request context for `actor` at the story's clock, for set-up done below the API. */
  ctx(actor: Actor) {
    return { actor, requestId: 'scenario', remoteAddress: null, now: this.now.toISOString() };
  }

  async agencyId(kind: AgencyKind): Promise<string> {
    const row = await this.server.database.db
      .selectFrom('agencies')
      .select('id')
      .where('kind', '=', kind)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Another user, in the first agency of `agencyKind`, with the demo password. */
  async addUser(
    username: string,
    displayName: string,
    agencyKind: AgencyKind,
    role: Role,
  ): Promise<string> {
    return createUser(
      this.server.database.db,
      {
        username,
        displayName,
        agencyId: await this.agencyId(agencyKind),
        roles: [role],
        password: TEST_PASSWORD,
      },
      this.now.toISOString(),
    );
  }

  /**
   * Children known to `username` (a universal service), with a mother holding parental
   * responsibility who lives with them.
   */
  async family(
    username: string,
    familyName: string,
    children: { given: string; dateOfBirth: string }[],
  ): Promise<{ childIds: string[]; motherId: string }> {
    const actor = await this.actor(username);
    const db = this.server.database.db;
    const ctx = this.ctx(actor);
    const motherId = await insertPerson(db, ctx, {
      kind: 'adult',
      givenName: 'Parent',
      familyName,
    });
    const childIds: string[] = [];
    for (const c of children) {
      const childId = await insertPerson(db, ctx, {
        kind: 'child',
        givenName: c.given,
        familyName,
        dateOfBirth: c.dateOfBirth,
      });
      await insertRelationship(db, ctx, {
        childId,
        personId: motherId,
        relationship: 'mother',
        parentalResponsibility: true,
        livesWithChild: true,
      });
      await addInvolvement(db, {
        childId,
        agencyId: actor.agencyId,
        userId: actor.userId,
        role: 'universal-service',
        from: londonDay(ctx.now),
        now: ctx.now,
      });
      childIds.push(childId);
    }
    await this.trace.step(`${username} family ${familyName}`);
    return { childIds, motherId };
  }

  /** One child and their mother, known to `username`. */
  async child(
    username: string,
    child: { given: string; family: string; dateOfBirth: string },
  ): Promise<{ childId: string; motherId: string }> {
    const { childIds, motherId } = await this.family(username, child.family, [child]);
    return { childId: childIds[0] ?? '', motherId };
  }

  /** Call the API as `who`; the golden trace records what the call wrote. */
  async call(who: string, method: Method, url: string, payload?: object): Promise<ApiReply> {
    const r = await this.api.call(who, method, url, payload);
    await this.trace.step(`${who} ${method} ${url}`, r.status);
    return r;
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
