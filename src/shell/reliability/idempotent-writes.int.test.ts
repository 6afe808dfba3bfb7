/**
 * Issue 13 finding 11, on every database: every create is idempotent and every update names the
 * version it read.
 *
 * - Every PUT and PATCH of the API, from the route table, refuses a body without `version` with
 *   422 BATON_VERSION_REQUIRED, and its OpenAPI body schema lists `version` as required.
 * - The API creates accept an Idempotency-Key: the same key and body answer the first answer and
 *   make nothing more; the same key with another body is 422 BATON_IDEMPOTENCY_CONFLICT.
 * - Page create forms carry a one-time form token: the same form posted twice makes one record
 *   and both answers go to the same place.
 * - Concurrent first writes to an early help plan (which make the plan) all succeed: no 500 from
 *   the plan's unique constraint; concurrent first saves of its outcomes: one wins, the rest 409.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { stepResponse } from '../server/api-early-help-schemas.js';
import { routeCollector, fillUrl, type RouteEntry } from '../security/route-table.js';
import { actorFor } from '../testing/api-client.js';
import { testDialects } from '../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';

const dialects = await testDialects();
const ROUNDS = 8;

interface Reply {
  status: number;
  body: unknown;
  headers: Record<string, unknown>;
}
const codeOf = (r: Reply): string =>
  z.object({ error: z.object({ code: z.string() }) }).parse(r.body).error.code;
const idOf = (r: Reply): string => z.object({ id: z.string() }).parse(r.body).id;

describe.each(dialects)('idempotent creates and versioned updates on %s', (dialect) => {
  let server: TestServer;
  const collector = routeCollector();
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer({ dialect, listen: true, onRoute: collector.onRoute });
    for (const u of ['practitioner', 'lead-professional'])
      cookies[u] = await apiSignIn(server.app, u);
  }, 120_000);
  afterAll(async () => {
    await server.close();
  });

  const call = async (
    who: string,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> => {
    const res = await server.app.inject({
      method,
      url,
      headers: { cookie: cookies[who] ?? '', ...headers },
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });
    return {
      status: res.statusCode,
      body: res.body === '' ? null : res.json<unknown>(),
      headers: res.headers,
    };
  };
  const count = async (
    table: 'people' | 'eh_plan_actions' | 'eh_meetings' | 'work_items' | 'relationships',
  ) =>
    Number(
      (
        await server.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  let n = 0;
  /** A child known to the practitioner's agency, with a mother holding parental responsibility. */
  async function child(): Promise<{ childId: string; motherId: string }> {
    n++;
    const made = await call('practitioner', 'POST', '/api/people', {
      kind: 'child',
      givenName: `Idem${String(n)}`,
      familyName: 'Once-Example',
      dateOfBirth: '2015-02-11',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const childId = idOf(made);
    const rel = await call('practitioner', 'POST', `/api/people/${childId}/relationships`, {
      person: { kind: 'adult', givenName: `Mum${String(n)}`, familyName: 'Once-Example' },
      relationship: 'mother',
      parentalResponsibility: true,
      livesWithChild: true,
    });
    expect(rel.status, JSON.stringify(rel.body)).toBe(201);
    const motherId =
      z.object({ relationships: z.array(z.object({ personId: z.string() })) }).parse(rel.body)
        .relationships[0]?.personId ?? '';
    return { childId, motherId };
  }
  const episodeBody = async (motherId: string) => ({
    consent: {
      decision: 'given',
      givenBy: 'parent-with-pr',
      givenByName: 'Mum (demo)',
      givenByPersonId: motherId,
      method: 'written',
    },
    leadProfessional: {
      userId: (await actorFor(server, 'lead-professional')).userId,
      agreedWithFamily: true,
    },
  });
  async function episode(): Promise<string> {
    const { childId, motherId } = await child();
    const opened = await call(
      'practitioner',
      'POST',
      `/api/children/${childId}/early-help-episodes`,
      await episodeBody(motherId),
    );
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    return stepResponse.parse(opened.body).episode.id;
  }

  it('refuses every API update without the version it read (422 BATON_VERSION_REQUIRED), and documents version as required', async () => {
    const updates = collector.routes.filter(
      (r: RouteEntry) => r.api && (r.method === 'PUT' || r.method === 'PATCH'),
    );
    expect(updates.length).toBeGreaterThanOrEqual(6);
    const spec = (await call('practitioner', 'GET', '/api/openapi.json')).body as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: {
              content: Record<string, { schema: { required?: string[] } }>;
            };
          }
        >
      >;
    };
    const missing: string[] = [];
    for (const r of updates) {
      const url = fillUrl(r.url, () => randomUUID());
      const res = await call('practitioner', r.method as 'PUT' | 'PATCH', url, {});
      if (res.status !== 422 || codeOf(res) !== 'BATON_VERSION_REQUIRED')
        missing.push(`${r.key}: ${String(res.status)} ${JSON.stringify(res.body)}`);
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      const op = spec.paths[path]?.[r.method.toLowerCase()];
      const required = op?.requestBody?.content['application/json']?.schema.required ?? [];
      if (!required.includes('version')) missing.push(`${r.key}: OpenAPI does not require version`);
    }
    console.log(`version required on ${String(updates.length)} API update routes (${dialect})`);
    expect(missing, missing.join('\n')).toEqual([]);
    // Signed out, the route answers as before (its schema, then 401); the version rule is for callers.
    const anon = await server.app.inject({
      method: 'PATCH',
      url: `/api/people/${randomUUID()}`,
      payload: { version: 1 },
    });
    expect(anon.statusCode).toBe(401);
  });

  it('answers a repeated API create with the first answer and makes it once; another body with the key is refused', async () => {
    const { childId, motherId } = await child();
    const episodeId = await episode();
    const cases: {
      name: string;
      url: string;
      body: unknown;
      other: unknown;
      table: Parameters<typeof count>[0];
      who?: string;
    }[] = [
      {
        name: 'person',
        url: '/api/people',
        body: {
          kind: 'child',
          givenName: 'Kit',
          familyName: 'Twice-Example',
          dateOfBirth: '2016-01-01',
        },
        other: {
          kind: 'child',
          givenName: 'Kat',
          familyName: 'Twice-Example',
          dateOfBirth: '2016-01-01',
        },
        table: 'people',
        who: 'practitioner',
      },
      {
        name: 'relationship',
        url: `/api/people/${childId}/relationships`,
        body: {
          person: { kind: 'adult', givenName: 'Dad', familyName: 'Twice-Example' },
          relationship: 'father',
          parentalResponsibility: true,
          livesWithChild: false,
        },
        other: {
          person: { kind: 'adult', givenName: 'Gran', familyName: 'Twice-Example' },
          relationship: 'grandparent',
          parentalResponsibility: false,
          livesWithChild: false,
        },
        table: 'relationships',
        who: 'practitioner',
      },
      {
        name: 'early help episode',
        url: `/api/children/${childId}/early-help-episodes`,
        body: await episodeBody(motherId),
        other: { ...(await episodeBody(motherId)), reason: 'Another reason' },
        table: 'work_items',
        who: 'practitioner',
      },
      {
        name: 'plan action',
        url: `/api/early-help-episodes/${episodeId}/plan/actions`,
        body: {
          action: 'Walk to school',
          ownerName: 'Mum',
          ownerAgency: 'Family',
          dueDate: '2026-12-30',
        },
        other: {
          action: 'Bus to school',
          ownerName: 'Mum',
          ownerAgency: 'Family',
          dueDate: '2026-12-30',
        },
        table: 'eh_plan_actions',
      },
      {
        name: 'TAF meeting',
        url: `/api/early-help-episodes/${episodeId}/meetings`,
        body: { heldOn: '2026-11-02', attendees: [{ name: 'Mum' }], minutes: 'Met.' },
        other: { heldOn: '2026-11-03', attendees: [{ name: 'Mum' }], minutes: 'Met again.' },
        table: 'eh_meetings',
      },
    ];
    for (const c of cases) {
      const key = randomUUID();
      const before = await count(c.table);
      const who = c.who ?? 'lead-professional';
      const first = await call(who, 'POST', c.url, c.body, {
        'idempotency-key': key,
      });
      expect(first.status, `${c.name}: ${JSON.stringify(first.body)}`).toBe(201);
      const again = await call(who, 'POST', c.url, c.body, {
        'idempotency-key': key,
      });
      expect(again.status, c.name).toBe(201);
      expect(again.body, c.name).toEqual(first.body);
      expect(again.headers['idempotent-replayed'], c.name).toBe('true');
      const other = await call(who, 'POST', c.url, c.other, {
        'idempotency-key': key,
      });
      expect([c.name, other.status, codeOf(other)]).toEqual([
        c.name,
        422,
        'BATON_IDEMPOTENCY_CONFLICT',
      ]);
      expect(await count(c.table), c.name).toBe(before + 1);
      // Without a key, the same body is a new request.
      if (c.name === 'plan action') {
        const fresh = await call('lead-professional', 'POST', c.url, c.body);
        expect(fresh.status).toBe(201);
        expect(await count(c.table)).toBe(before + 2);
      }
    }
  });

  it(`makes one record of ${String(ROUNDS)} identical creates sent at once with one key`, async () => {
    const key = randomUUID();
    const before = await count('people');
    const body = {
      kind: 'child',
      givenName: 'Crowd',
      familyName: 'Once-Example',
      dateOfBirth: '2017-01-01',
    };
    const answers = await Promise.all(
      Array.from({ length: ROUNDS }, () =>
        call('practitioner', 'POST', '/api/people', body, { 'idempotency-key': key }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    expect(new Set(answers.map(idOf)).size).toBe(1);
    expect(await count('people')).toBe(before + 1);
  });

  it("keeps a family's refusal on the ledger when a keyed episode opening is refused", async () => {
    const { childId, motherId } = await child();
    const body = await episodeBody(motherId);
    const refused = await call(
      'practitioner',
      'POST',
      `/api/children/${childId}/early-help-episodes`,
      { ...body, consent: { ...body.consent, decision: 'refused' } },
      { 'idempotency-key': randomUUID() },
    );
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    const ledger = await server.database.db
      .selectFrom('consents')
      .select('decision')
      .where('child_id', '=', childId)
      .where('purpose', '=', 'early-help')
      .execute();
    expect(ledger.map((c) => c.decision)).toEqual(['refused']);
  });

  /** Open a form page once and post it twice, as a double click does. */
  async function doubleSubmit(
    who: string,
    formUrl: string,
    postUrl: string,
    fields: Record<string, string>,
  ) {
    const form = await server.app.inject({
      method: 'GET',
      url: formUrl,
      headers: { cookie: cookies[who] ?? '' },
    });
    expect(form.statusCode, formUrl).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const formToken = /name="_formToken" value="([^"]+)"/.exec(form.body)?.[1];
    expect(formToken, `${formUrl} carries a form token`).toMatch(/^[0-9a-f-]{36}$/);
    const csrfCookie = form.cookies.find((c) => c.name === '_csrf')?.value ?? '';
    const post = () =>
      server.app.inject({
        method: 'POST',
        url: postUrl,
        headers: {
          cookie: `${cookies[who] ?? ''}; _csrf=${csrfCookie}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: new URLSearchParams({
          _csrf: csrf,
          _formToken: formToken ?? '',
          ...fields,
        }).toString(),
      });
    const [a, b] =
      dialect === 'postgres' ? await Promise.all([post(), post()]) : [await post(), await post()];
    return [a, b] as const;
  }

  it('makes one record of a page form submitted twice: a child, an early help episode, a plan action', async () => {
    // A child record.
    let before = await count('people');
    const [p1, p2] = await doubleSubmit('practitioner', '/people/new', '/people/new', {
      kind: 'child',
      givenName: 'Double',
      familyName: 'Click-Example',
      'dateOfBirth-day': '3',
      'dateOfBirth-month': '4',
      'dateOfBirth-year': '2016',
    });
    expect([p1.statusCode, p2.statusCode], p1.body).toEqual([303, 303]);
    expect(p2.headers.location).toBe(p1.headers.location);
    expect(await count('people')).toBe(before + 1);

    // An early help episode.
    const { childId, motherId } = await child();
    before = await count('work_items');
    const [e1, e2] = await doubleSubmit(
      'practitioner',
      `/children/${childId}/early-help/new`,
      `/children/${childId}/early-help/new`,
      {
        consentDecision: 'given',
        consentGivenBy: 'parent-with-pr',
        consentGivenByName: 'Mum (demo)',
        consentGivenByPersonId: motherId,
        consentMethod: 'written',
        leadWho: 'me',
        leadAgreed: 'yes',
      },
    );
    expect([e1.statusCode, e2.statusCode], e1.body).toEqual([303, 303]);
    expect(e1.headers.location).toMatch(/^\/early-help\/.+\?saved=opened$/);
    expect(e2.headers.location).toBe(e1.headers.location);
    expect(await count('work_items')).toBe(before + 1);

    // A plan action.
    const episodeId = String(e1.headers.location).split('/')[2]?.split('?')[0] ?? '';
    before = await count('eh_plan_actions');
    const [a1, a2] = await doubleSubmit(
      'practitioner',
      `/early-help/${episodeId}/plan`,
      `/early-help/${episodeId}/plan/actions`,
      {
        action: 'Read together',
        ownerName: 'Mum',
        ownerAgency: 'Family',
        'dueDate-day': '30',
        'dueDate-month': '12',
        'dueDate-year': '2026',
      },
    );
    expect([a1.statusCode, a2.statusCode], a1.body).toEqual([303, 303]);
    expect(await count('eh_plan_actions')).toBe(before + 1);
  });

  it(`gives ${String(ROUNDS)} concurrent first writes to a plan no 500: every action is added, one first save of outcomes wins`, async () => {
    const episodeId = await episode();
    const before = await count('eh_plan_actions');
    const adds = await Promise.all(
      Array.from({ length: ROUNDS }, (_, i) =>
        call('lead-professional', 'POST', `/api/early-help-episodes/${episodeId}/plan/actions`, {
          action: `Action ${String(i)}`,
          ownerName: 'Mum',
          ownerAgency: 'Family',
          dueDate: '2026-12-30',
        }),
      ),
    );
    expect(adds.map((a) => a.status)).toEqual(adds.map(() => 201));
    expect(await count('eh_plan_actions')).toBe(before + ROUNDS);
    const plans = await server.database.db
      .selectFrom('eh_plans')
      .innerJoin('work_items', 'work_items.id', 'eh_plans.work_item_id')
      .select('eh_plans.id')
      .where('work_items.id', '=', episodeId)
      .execute();
    expect(plans).toHaveLength(1);

    // A second episode whose plan does not exist yet: everyone saves "I read no plan" (version 0).
    const fresh = await episode();
    const saves = await Promise.all(
      Array.from({ length: ROUNDS }, (_, i) =>
        call('lead-professional', 'PUT', `/api/early-help-episodes/${fresh}/plan`, {
          outcomes: [`Outcome ${String(i)}`],
          version: 0,
        }),
      ),
    );
    const statuses = saves.map((s) => s.status).sort();
    expect(statuses).toEqual([200, ...Array.from({ length: ROUNDS - 1 }, () => 409)]);
    expect(saves.filter((s) => s.status === 409).map(codeOf)).toEqual(
      Array.from({ length: ROUNDS - 1 }, () => 'BATON_STALE_EDIT'),
    );
  });
});
