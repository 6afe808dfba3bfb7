/**
 * Shared set-up for the security suites: one server per dialect with its route table, signed-in
 * demo users with a CSRF token for page forms, and children standing in a chosen relationship to
 * a chosen user (made through the API, then adjusted through the repositories' tables).
 */
import { randomUUID } from 'node:crypto';
import type { Actor, ChildRelationship } from '../../core/access/index.js';
import type { Dialect } from '../db/index.js';
import { addInvolvement, relationshipTo } from '../repositories/index.js';
import { actorFor } from '../testing/api-client.js';
import {
  apiSignIn,
  DEMO_USERNAMES,
  startTestServer,
  type TestServer,
} from '../testing/test-server.js';
import { routeCollector, type RouteEntry } from './route-table.js';

/** Monday 2 March 2026, 10:00 UTC: the suites' fixed clock. */
export const NOW = new Date('2026-03-02T10:00:00.000Z');

export interface SecurityServer {
  server: TestServer;
  routes: RouteEntry[];
  actors: Map<string, Actor>;
  /** Cookie header per username: the session plus the CSRF secret. */
  cookies: Map<string, string>;
  /** A CSRF token for no session, matching the `_csrf` cookie every user sends. */
  csrfToken: string;
  csrfCookie: string;
  /** Each user's CSRF token (tokens are bound to the session they were issued to). */
  csrfTokens: Map<string, string>;
}

/** Start one server, sign every demo user in, and fetch a CSRF token for page forms. */
export async function startSecurityServer(
  dialect: Dialect,
  env: Record<string, string> = {},
): Promise<SecurityServer> {
  const collector = routeCollector();
  const server = await startTestServer({
    dialect,
    clock: () => NOW,
    onRoute: collector.onRoute,
    env: { BATON_SIGN_IN_LIMIT: '10000', ...env },
  });
  const form = await server.app.inject({ method: 'GET', url: '/sign-in' });
  const csrfToken = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  const csrfCookie = form.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  if (csrfToken === '' || csrfCookie === '') throw new Error('no CSRF token on the sign-in page');
  const actors = new Map<string, Actor>();
  const cookies = new Map<string, string>();
  const csrfTokens = new Map<string, string>();
  for (const username of DEMO_USERNAMES) {
    actors.set(username, await actorFor(server, username));
    const cookie = `${await apiSignIn(server.app, username)}; ${csrfCookie}`;
    cookies.set(username, cookie);
    const page = await server.app.inject({ method: 'GET', url: '/sign-in', headers: { cookie } });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    if (token === '') throw new Error(`no CSRF token for ${username}`);
    csrfTokens.set(username, token);
  }
  return { server, routes: collector.routes, actors, cookies, csrfToken, csrfCookie, csrfTokens };
}

export interface ChildFixture {
  childId: string;
  familyName: string;
  motherId: string;
  episodeId: string;
  contactWorkItemId: string;
}

const letters = (n: number): string =>
  n < 26 ? String.fromCharCode(97 + n) : letters(Math.floor(n / 26) - 1) + letters(n % 26);

/**
 * A child with a contact to the front door and an open early help episode, then every
 * involvement ended so that nobody stands in any relationship to the child yet.
 */
export async function makeChild(s: SecurityServer, n: number): Promise<ChildFixture> {
  const app = s.server.app;
  const familyName = `Secfix${letters(n)}`;
  const contact = await app.inject({
    method: 'POST',
    url: '/api/contacts',
    headers: { cookie: s.cookies.get('practitioner') ?? '' },
    payload: {
      urgency: 'routine',
      familySpokenTo: true,
      concerns: 'Synthetic concern for the access matrix.',
      referrerLevel: 2,
      consent: { decision: 'given', givenBy: 'mum' },
      adults: [{ key: 'mum', person: { givenName: 'Morwenna', familyName } }],
      children: [
        {
          person: { givenName: 'Ada', familyName, dateOfBirth: '2019-04-02' },
          parentDetailsUnknownReason: 'Father not known to the family (synthetic)',
          parents: [
            {
              adult: 'mum',
              relationship: 'mother',
              parentalResponsibility: true,
              livesWithChild: true,
            },
          ],
        },
      ],
    },
  });
  if (contact.statusCode !== 201) throw new Error(`contact: ${contact.statusCode} ${contact.body}`);
  const receipt = contact.json<{
    workItemId: string;
    childIds: string[];
    people: { personId: string; role: string }[];
  }>();
  const childId = receipt.childIds[0] ?? '';
  const db = s.server.database.db;
  const mother = await db
    .selectFrom('relationships')
    .select('person_id')
    .where('child_id', '=', childId)
    .executeTakeFirstOrThrow();
  const lead = s.actors.get('lead-professional');
  const episode = await app.inject({
    method: 'POST',
    url: `/api/children/${childId}/early-help-episodes`,
    headers: { cookie: s.cookies.get('practitioner') ?? '' },
    payload: {
      consent: {
        decision: 'given',
        givenBy: 'parent-with-pr',
        givenByName: 'Morwenna (synthetic)',
        givenByPersonId: mother.person_id,
        method: 'written',
      },
      leadProfessional: { userId: lead?.userId, agreedWithFamily: true },
    },
  });
  if (episode.statusCode !== 201) throw new Error(`episode: ${episode.statusCode} ${episode.body}`);
  const episodeId = episode.json<{ episode: { id: string } }>().episode.id;
  await db
    .updateTable('involvements')
    .set({ to_date: '2000-01-01' })
    .where('child_id', '=', childId)
    .execute();
  return {
    childId,
    familyName,
    motherId: mother.person_id,
    episodeId,
    contactWorkItemId: receipt.workItemId,
  };
}

/** Put `username` in `relationship` to the child (the rows `relationshipTo` reads). */
export async function relate(
  s: SecurityServer,
  fixture: ChildFixture,
  username: string,
  relationship: ChildRelationship,
): Promise<void> {
  const actor = s.actors.get(username);
  if (!actor) throw new Error(`no demo user ${username}`);
  const db = s.server.database.db;
  const now = NOW.toISOString();
  const base = { childId: fixture.childId, agencyId: actor.agencyId, from: '2026-01-05', now };
  switch (relationship) {
    case 'involved':
      await addInvolvement(db, { ...base, userId: actor.userId, role: 'universal-service' });
      break;
    case 'team':
      await addInvolvement(db, { ...base, userId: null, role: 'universal-service' });
      break;
    case 'referrer':
      await addInvolvement(db, { ...base, userId: actor.userId, role: 'referrer' });
      break;
    case 'break-glass':
      await db
        .insertInto('break_glass')
        .values({
          id: randomUUID(),
          user_id: actor.userId,
          child_id: fixture.childId,
          reason: 'Synthetic emergency for the access matrix',
          granted_at: now,
          expires_at: new Date(NOW.getTime() + 24 * 3_600_000).toISOString(),
          reviewed_by: null,
          reviewed_at: null,
        })
        .execute();
      break;
    case 'none':
      break;
  }
  const actual = await relationshipTo(db, actor, fixture.childId, now);
  if (actual !== relationship)
    throw new Error(`${username} should stand as ${relationship} but is ${actual}`);
}
