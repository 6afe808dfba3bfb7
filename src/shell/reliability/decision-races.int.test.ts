/**
 * Decisions that cannot both win (issue 13, "beyond these findings"), on every database and above
 * all PostgreSQL: for each decision, several deciders send at once, round after round. Exactly one
 * wins; every loser gets 409 BATON_STALE_EDIT; and nothing of the losers is written (one decision
 * on the record, one notification, one review, one allowed audit row).
 *
 * - the tray: an authorise and two declines of one waiting step-down request;
 * - the front door: three team managers deciding one contact at the version they read;
 * - a review: three reviews of one early help plan at the version read.
 *
 * (Creates sent at once with one Idempotency-Key are in idempotent-writes.int.test.ts and
 * concurrency.int.test.ts; fifty plan edits at once in concurrency.int.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadPacks } from '../policy/pack-files.js';
import { startWork } from '../repositories/index.js';
import { addInvolvement } from '../repositories/child-access.js';
import { insertPerson } from '../repositories/people-repository.js';
import { actorFor, ApiCaller, type ApiReply } from '../testing/api-client.js';
import { testDialects } from '../testing/test-databases.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { contactBody } from './crash-workload.js';

const dialects = await testDialects();
const ROUNDS = Number(process.env.BATON_RACE_ROUNDS ?? 4);
const NOW = '2026-12-07T10:00:00.000Z';
const TODAY = NOW.slice(0, 10);
const codeOf = (r: ApiReply) =>
  z.object({ error: z.object({ code: z.string() }) }).parse(r.body).error.code;

describe.each(dialects)('decision races on %s', (dialect) => {
  let server: TestServer;
  let api: ApiCaller;
  const figures: string[] = [];
  beforeAll(async () => {
    server = await startTestServer({
      dialect,
      clock: () => new Date(NOW),
      env: { BATON_PACK: 'stockport', BATON_SIGN_IN_LIMIT: '1000' },
    });
    api = new ApiCaller(() => server.app);
    await api.signIn('social-worker', 'eh-manager', 'team-manager', 'practitioner');
    await api.signIn('lead-professional');
  }, 180_000);
  afterAll(async () => {
    console.log(`decision races on ${dialect}: ${figures.join('; ')}`);
    await server.close();
  });
  const db = () => server.database.db;
  /** Rows of a table about one work item. */
  const count = async (table: 'eh_reviews' | 'transitions', workItemId: string) =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('work_item_id', '=', workItemId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** One winner, the rest 409 BATON_STALE_EDIT. */
  const oneWinner = (answers: ApiReply[], ok: number): ApiReply => {
    const winners = answers.filter((a) => a.status === ok);
    const losers = answers.filter((a) => a.status !== ok);
    expect(winners, JSON.stringify(answers.map((a) => [a.status, a.body]))).toHaveLength(1);
    expect(losers.map((a) => [a.status, codeOf(a)])).toEqual(
      losers.map(() => [409, 'BATON_STALE_EDIT']),
    );
    return winners[0] as ApiReply;
  };

  it(`the tray: of an authorise and two declines sent at once, one wins, ${String(ROUNDS)} rounds`, async () => {
    const pack = loadPacks().get('stockport');
    if (!pack) throw new Error('stockport pack');
    const sw = await actorFor(server, 'social-worker');
    const ctx = { actor: sw, requestId: 'fixture', remoteAddress: null, now: NOW };
    const outcomes = { applied: 0, declined: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const childId = await insertPerson(db(), ctx, {
        kind: 'child',
        givenName: `Race${String(round)}`,
        familyName: 'Tray-Example',
        dateOfBirth: '2011-05-01',
      });
      await addInvolvement(db(), {
        childId,
        agencyId: sw.agencyId,
        userId: sw.userId,
        role: 'allocated-worker',
        from: TODAY,
        now: NOW,
      });
      const workItemId = await startWork(db(), ctx, {
        pack,
        workflowId: 'cin-plan',
        subjectType: 'child',
        subjectId: childId,
        childIds: [childId],
        level: 4,
        ownerAgencyId: sw.agencyId,
        leadProfessional: { name: sw.displayName, agency: 'Social care', userId: sw.userId },
      });
      await db()
        .updateTable('work_items')
        .set({ events: JSON.stringify([{ id: 'step-down-tac-meeting', on: TODAY }]) })
        .where('id', '=', workItemId)
        .execute();
      const consent = await api.call('social-worker', 'POST', `/api/children/${childId}/consents`, {
        purpose: 'step-down-transfer',
        decision: 'given',
        givenByKind: 'young-person',
        method: 'verbal',
        recordedOn: TODAY,
      });
      expect(consent.status, JSON.stringify(consent.body)).toBe(201);
      const asked = await api.call(
        'social-worker',
        'POST',
        `/api/work-items/${workItemId}/transitions`,
        {
          transitionId: 'request-step-down-transfer',
          payload: {
            stepDownPlan: 'TAF plan led by the early help service.',
            ifConcernsRise: 'Call the MASSH.',
            stepDownMeetingMinutes: 'Minutes of the step-down TAC meeting.',
            closureSummary: 'Risks reduced and sustained.',
            leadProfessionalName: 'Lee Leadprof (demo)',
            leadProfessionalAgency: 'Early help',
          },
        },
      );
      expect(asked.status, JSON.stringify(asked.body)).toBe(202);
      const requestId = z
        .object({ transitionRecordId: z.string() })
        .parse(asked.body).transitionRecordId;
      const url = `/api/tray/${requestId}/decision`;
      // The authorise is sent first, second or third in turn.
      const bodies: object[] = [
        { decision: 'decline', note: 'Not yet: one more TAC.' },
        { decision: 'decline', note: 'Not yet: one more TAC.' },
      ];
      bodies.splice(round % 3, 0, { decision: 'authorise' });
      const answers = await Promise.all(bodies.map((b) => api.call('eh-manager', 'POST', url, b)));
      oneWinner(answers, 200);
      const told = await db()
        .selectFrom('notifications')
        .select('kind')
        .where('object_id', '=', workItemId)
        .where('kind', 'in', ['request-authorised', 'request-declined'])
        .execute();
      expect(told).toHaveLength(1);
      const record = await db()
        .selectFrom('transitions')
        .select('status')
        .where('id', '=', requestId)
        .executeTakeFirstOrThrow();
      const work = await db()
        .selectFrom('work_items')
        .select('state')
        .where('id', '=', workItemId)
        .executeTakeFirstOrThrow();
      expect(told[0]?.kind).toBe(
        record.status === 'declined' ? 'request-declined' : 'request-authorised',
      );
      expect(
        record.status === 'declined' ? work.state === 'active' : work.state !== 'active',
        `${record.status} / ${work.state}`,
      ).toBe(true);
      outcomes[record.status === 'declined' ? 'declined' : 'applied']++;
    }
    figures.push(
      `tray ${String(ROUNDS)} rounds × 3 deciders (${String(outcomes.applied)} authorised, ${String(outcomes.declined)} declined)`,
    );
  });

  it(`the front door: of three decisions on one contact at one version, one wins, ${String(ROUNDS)} rounds`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const made = await api.call(
        'practitioner',
        'POST',
        '/api/contacts',
        contactBody(7000 + round),
      );
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const contactId = z.object({ workItemId: z.string() }).parse(made.body).workItemId;
      const read = await api.call('team-manager', 'GET', `/api/contacts/${contactId}`);
      const view = z
        .object({
          version: z.number(),
          availableDecisions: z.array(
            z.object({
              id: z.string(),
              needsAuthorisation: z.boolean(),
              requires: z.array(z.object({ field: z.string() })),
            }),
          ),
        })
        .parse(read.body);
      const version = view.version;
      // A decision the team manager can take at once, asking only for a rationale.
      const step = view.availableDecisions.find(
        (d) => !d.needsAuthorisation && d.requires.every((r) => r.field === 'rationale'),
      );
      expect(step, JSON.stringify(view.availableDecisions)).toBeDefined();
      const decide = (rationale: string) =>
        api.call('team-manager', 'POST', `/api/contacts/${contactId}/decision`, {
          transitionId: step?.id ?? '',
          version,
          rationale,
        });
      const before = await count('transitions', contactId);
      const answers = await Promise.all([
        decide('Needs are met by an Early Help Assessment and plan (first).'),
        decide('Needs are met by an Early Help Assessment and plan (second).'),
        decide('Needs are met by an Early Help Assessment and plan (third).'),
      ]);
      const winner = oneWinner(answers, 200);
      expect(await count('transitions', contactId)).toBe(before + 1);
      const after = await api.call('team-manager', 'GET', `/api/contacts/${contactId}`);
      expect(z.object({ version: z.number() }).parse(after.body).version).toBe(
        z.object({ contact: z.object({ version: z.number() }) }).parse(winner.body).contact.version,
      );
    }
    figures.push(`front door ${String(ROUNDS)} rounds × 3 deciders`);
  });

  it(`a review: of three reviews of one plan at one version, one is recorded, ${String(ROUNDS)} rounds`, async () => {
    const lead = await actorFor(server, 'lead-professional');
    for (let round = 0; round < ROUNDS; round++) {
      const child = await api.call('practitioner', 'POST', '/api/people', {
        kind: 'child',
        givenName: `Review${String(round)}`,
        familyName: 'Race-Example',
        dateOfBirth: '2015-02-11',
      });
      const childId = z.object({ id: z.string() }).parse(child.body).id;
      const rel = await api.call('practitioner', 'POST', `/api/people/${childId}/relationships`, {
        person: { kind: 'adult', givenName: 'Maud', familyName: 'Race-Example' },
        relationship: 'mother',
        parentalResponsibility: true,
        livesWithChild: true,
      });
      const motherId =
        z.object({ relationships: z.array(z.object({ personId: z.string() })) }).parse(rel.body)
          .relationships[0]?.personId ?? '';
      const opened = await api.call(
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
      const episodeId = z.object({ episode: z.object({ id: z.string() }) }).parse(opened.body)
        .episode.id;
      const eha = `/api/early-help-episodes/${episodeId}/assessment`;
      const draft = await api.call('lead-professional', 'PUT', eha, {
        family: 'Mother and child.',
        childVoice: '"I like drawing."',
        strengths: 'Close.',
        needs: 'Routines.',
        version: 0,
      });
      const done = await api.call('lead-professional', 'POST', `${eha}/complete`, {
        planLevel: 3,
        version: z.object({ version: z.number() }).parse(draft.body).version,
      });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      const version = z.object({ episode: z.object({ version: z.number() }) }).parse(done.body)
        .episode.version;
      const review = (summary: string) =>
        api.call('lead-professional', 'POST', `/api/early-help-episodes/${episodeId}/reviews`, {
          reviewDate: TODAY,
          outcome: 'positive-change',
          decision: 'continue',
          summary,
          broughtForwardReason: 'The family asked to meet sooner.',
          version,
        });
      const answers = await Promise.all([
        review('Calmer mornings (first).'),
        review('Calmer mornings (second).'),
        review('Calmer mornings (third).'),
      ]);
      oneWinner(answers, 201);
      expect(await count('eh_reviews', episodeId)).toBe(1);
    }
    figures.push(`review ${String(ROUNDS)} rounds × 3 reviewers`);
  });
});
