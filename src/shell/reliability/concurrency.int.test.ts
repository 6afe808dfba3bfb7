/**
 * Concurrency (issue 5 §3), over real HTTP on every database: 50 editors saving one Team Around
 * the Family plan at the same version lose no update (one wins, 49 get 409 BATON_STALE_EDIT), and
 * a contact submitted many times at once with one Idempotency-Key is made exactly once.
 * (contact.int.test.ts covers the sequential retry and a race of two; this is the crowd.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { assessmentView, episodeView, stepResponse } from '../server/api-early-help-schemas.js';
import { actorFor } from '../testing/api-client.js';
import { testDialects } from '../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';
import { contactBody } from './crash-workload.js';
import { httpCall, type HttpReply } from './server-process.js';

const dialects = await testDialects();
const EDITORS = 50;
const RETRIES = 20;

const errorCode = (r: HttpReply): string =>
  z.object({ error: z.object({ code: z.string() }) }).parse(r.body).error.code;
const receipt = z.object({ contactId: z.string(), workItemId: z.string() });

describe.each(dialects)('concurrent writes on %s', (dialect) => {
  let server: TestServer;
  const cookies: Record<string, string> = {};
  const call = (
    who: string,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) =>
    httpCall(server.url, method, path, {
      cookie: cookies[who] ?? '',
      ...(body !== undefined ? { body } : {}),
      ...(headers ? { headers } : {}),
    });
  const count = async (table: 'contacts' | 'people' | 'work_items') =>
    Number(
      (
        await server.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    server = await startTestServer({ dialect, listen: true });
    for (const u of ['practitioner', 'lead-professional'])
      cookies[u] = await apiSignIn(server.app, u);
  });
  afterAll(async () => {
    await server.close();
  });

  /** A child with a mother holding parental responsibility, an open episode and a TAF plan. */
  async function tafPlan(): Promise<string> {
    const child = await call('practitioner', 'POST', '/api/people', {
      kind: 'child',
      givenName: 'Wren',
      familyName: 'Concurrent-Example',
      dateOfBirth: '2015-02-11',
    });
    expect(child.status, JSON.stringify(child.body)).toBe(201);
    const childId = z.object({ id: z.string() }).parse(child.body).id;
    const withMother = await call('practitioner', 'POST', `/api/people/${childId}/relationships`, {
      person: { kind: 'adult', givenName: 'Maud', familyName: 'Concurrent-Example' },
      relationship: 'mother',
      parentalResponsibility: true,
      livesWithChild: true,
    });
    expect(withMother.status, JSON.stringify(withMother.body)).toBe(201);
    const motherId = z
      .object({ relationships: z.array(z.object({ personId: z.string() })) })
      .parse(withMother.body).relationships[0]?.personId;
    const lead = await actorFor(server, 'lead-professional');
    const opened = await call(
      'practitioner',
      'POST',
      `/api/children/${childId}/early-help-episodes`,
      {
        consent: {
          decision: 'given',
          givenBy: 'parent-with-pr',
          givenByName: 'Maud (demo)',
          givenByPersonId: motherId,
          method: 'written',
        },
        leadProfessional: { userId: lead.userId, agreedWithFamily: true },
      },
    );
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const episodeId = stepResponse.parse(opened.body).episode.id;
    const eha = `/api/early-help-episodes/${episodeId}/assessment`;
    const draft = await call('lead-professional', 'PUT', eha, {
      family: 'Mother and Wren.',
      childVoice: '"I like drawing."',
      strengths: 'Close relationship.',
      needs: 'Routines; school attendance.',
      version: 0,
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    const done = await call('lead-professional', 'POST', `${eha}/complete`, {
      planLevel: 3,
      version: assessmentView.parse(draft.body).version,
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    return episodeId;
  }

  it(`lets one of ${String(EDITORS)} simultaneous plan edits win; the rest get 409 BATON_STALE_EDIT and no update is lost`, async () => {
    const episodeId = await tafPlan();
    const planUrl = `/api/early-help-episodes/${episodeId}/plan`;
    const first = await call('lead-professional', 'PUT', planUrl, {
      outcomes: ['Wren attends school every day'],
      version: 1,
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const read = episodeView.parse(first.body).plan.version;

    const outcomesOf = (i: number) => [`Outcome agreed by editor ${String(i)}`, 'Calmer mornings'];
    const answers = await Promise.all(
      Array.from({ length: EDITORS }, (_, i) =>
        call('lead-professional', 'PUT', planUrl, { outcomes: outcomesOf(i), version: read }),
      ),
    );
    const winners = answers.flatMap((a, i) => (a.status === 200 ? [i] : []));
    const losers = answers.filter((a) => a.status !== 200);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(EDITORS - 1);
    expect(losers.map((a) => [a.status, errorCode(a)])).toEqual(
      losers.map(() => [409, 'BATON_STALE_EDIT']),
    );
    // The stored plan is the winner's, one version on; exactly one save was audited.
    const winner = winners[0] ?? -1;
    const now = await call('lead-professional', 'GET', `/api/early-help-episodes/${episodeId}`);
    expect(episodeView.parse(now.body).plan).toMatchObject({
      outcomes: outcomesOf(winner),
      version: read + 1,
    });
    const saves = await server.database.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'early-help.plan.save')
      .where('outcome', '=', 'allowed')
      .execute();
    expect(saves).toHaveLength(2); // the first save and the winner's
  }, 60_000);

  it(`makes one contact from ${String(RETRIES)} simultaneous and 5 later retries with one Idempotency-Key`, async () => {
    const before = { contacts: await count('contacts'), people: await count('people') };
    const key = `crowd-${dialect}`;
    const body = contactBody(9001);
    const crowd = await Promise.all(
      Array.from({ length: RETRIES }, () =>
        call('practitioner', 'POST', '/api/contacts', body, { 'idempotency-key': key }),
      ),
    );
    const later: HttpReply[] = [];
    for (let i = 0; i < 5; i++)
      later.push(
        await call('practitioner', 'POST', '/api/contacts', body, { 'idempotency-key': key }),
      );
    const all = [...crowd, ...later];
    expect(all.map((r) => r.status)).toEqual(all.map(() => 201));
    const ids = new Set(all.map((r) => receipt.parse(r.body).contactId));
    expect(ids.size).toBe(1);
    expect(await count('contacts')).toBe(before.contacts + 1);
    // The mother, the father and the child, once: the losers' people were rolled back.
    expect(await count('people')).toBe(before.people + 3);
  }, 60_000);

  it('refuses a different body with the same Idempotency-Key (422 BATON_IDEMPOTENCY_CONFLICT), also when both arrive together', async () => {
    const key = `mixed-${dialect}`;
    const before = await count('contacts');
    const mine = contactBody(9100);
    const other = contactBody(9101);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call('practitioner', 'POST', '/api/contacts', i % 2 === 0 ? mine : other, {
          'idempotency-key': key,
        }),
      ),
    );
    // Whichever body arrived first owns the key; every answer with the other is the coded conflict.
    const made = answers.filter((r) => r.status === 201);
    const refused = answers.filter((r) => r.status !== 201);
    expect(new Set(made.map((r) => receipt.parse(r.body).contactId)).size).toBe(1);
    expect(made).toHaveLength(5);
    expect(refused.map((r) => [r.status, errorCode(r)])).toEqual(
      refused.map(() => [422, 'BATON_IDEMPOTENCY_CONFLICT']),
    );
    expect(await count('contacts')).toBe(before + 1);
    const retryOther = await call('practitioner', 'POST', '/api/contacts', other, {
      'idempotency-key': key,
    });
    const retryMine = await call('practitioner', 'POST', '/api/contacts', mine, {
      'idempotency-key': key,
    });
    expect([retryOther.status, retryMine.status].sort()).toEqual([201, 422]);
    expect(await count('contacts')).toBe(before + 1);
  }, 60_000);
});
