/**
 * Issue 15 §4: the outbox on every database. A message exists exactly when its change committed;
 * workers deliver emails to a stand-in GOV.UK Notify (through the real notifications-node-client)
 * and signed webhooks to a receiver that checks the signature, retry with back-off, log each
 * attempt, fail with a reason, never deliver one message twice from two workers at once, reclaim a
 * dead worker's expired claims and release their own on stop.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withTransaction } from '../db/unit-of-work.js';
import { notify } from '../repositories/work-effects.js';
import { twoParentContact } from '../testing/contact-fixtures.js';
import {
  startNotifyStandIn,
  startWebhookReceiver,
  TEST_NOTIFY_API_KEY,
  TEST_TEMPLATE_ID,
  type NotifyStandIn,
  type WebhookReceiver,
} from '../testing/outbox-stand-ins.js';
import { testDialects } from '../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';
import { recordEvent } from './enqueue.js';
import { notifyEmailSender, webhookSender } from './senders.js';
import { addSubscription } from './subscriptions.js';
import { OutboxWorker, type WorkerOptions } from './worker.js';

const dialects = await testDialects();
const SECRET = 'receiver-secret-for-tests';

describe.each(dialects)('the outbox on %s', (dialect) => {
  let s: TestServer;
  let notifyApi: NotifyStandIn;
  let receiver: WebhookReceiver;
  let subscriptionId = '';
  const workers: OutboxWorker[] = [];

  const worker = (o: Partial<WorkerOptions> = {}) => {
    const w = new OutboxWorker({
      db: s.database.db,
      dialect,
      baseBackoffMs: 20,
      idleMs: 20,
      senders: {
        email: notifyEmailSender({
          baseUrl: notifyApi.url,
          apiKey: TEST_NOTIFY_API_KEY,
          templateId: TEST_TEMPLATE_ID,
          publicUrl: 'https://baton.example.gov.uk',
        }),
        webhook: webhookSender(),
      },
      ...o,
    });
    workers.push(w);
    return w;
  };
  const messages = () =>
    s.database.db.selectFrom('outbox_messages').selectAll().orderBy('created_at').execute();
  const drain = async (w: OutboxWorker) => {
    for (let i = 0; i < 200; i++) {
      const open = await s.database.db
        .selectFrom('outbox_messages')
        .select('id')
        .where('state', '=', 'queued')
        .execute();
      if (open.length === 0) return;
      if ((await w.runOnce()) === 0) await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the outbox did not drain');
  };

  beforeAll(async () => {
    s = await startTestServer({ dialect, env: { BATON_SIGN_IN_LIMIT: '1000' } });
    notifyApi = await startNotifyStandIn();
    receiver = await startWebhookReceiver(SECRET);
    subscriptionId = (
      await addSubscription(s.database.db, {
        name: 'warehouse',
        url: receiver.url,
        eventTypes: ['*'],
        secret: SECRET,
        now: new Date().toISOString(),
      })
    ).id;
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    await receiver.close();
    await notifyApi.close();
    await s.close();
  });
  beforeEach(async () => {
    await s.database.db.deleteFrom('outbox_attempts').execute();
    await s.database.db.deleteFrom('outbox_messages').execute();
    receiver.deliveries.length = 0;
    receiver.unique.clear();
    notifyApi.emails.length = 0;
    receiver.failNext(0, 500);
  });

  it('writes events in the transaction of the change: a contact received sends ids, a rolled-back change nothing', async () => {
    const cookie = await apiSignIn(s.app, 'practitioner');
    const made = await s.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: { cookie },
      payload: twoParentContact(
        { givenName: 'Wren', familyName: 'Outboxtest', dateOfBirth: '2017-04-04' },
        { concerns: 'Wren says there is no food at home.', referrerLevel: 3 },
      ),
    });
    expect(made.statusCode, made.body).toBe(201);
    const types = (await messages()).map((m) => m.event_type).sort();
    expect(types).toEqual(['contact.received', 'work.started']);

    await expect(
      withTransaction(s.database.db, async (trx) => {
        await recordEvent(trx, new Date().toISOString(), 'work.closed', { workItemId: 'x' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await messages()).toHaveLength(2);

    await drain(worker());
    expect(receiver.badSignatures).toBe(0);
    expect([...receiver.unique.values()].map((d) => d.body.type).sort()).toEqual([
      'contact.received',
      'work.started',
    ]);
    // Ids, not personal data: nothing the contact said about the child leaves Baton.
    const sent = JSON.stringify(receiver.deliveries.map((d) => d.body));
    expect(sent).not.toMatch(/Wren|Outboxtest|food|2017-04-04/);
    const received = receiver.deliveries.find((d) => d.body.type === 'contact.received');
    expect(received?.body.data['contactId']).toMatch(/^[0-9a-f-]{36}$/);
    expect(received?.eventId).toBe(received?.body.id);
    expect((await messages()).every((m) => m.state === 'sent' && m.attempts === 1)).toBe(true);
  });

  it('emails a user who chose email through Notify (JWT checked, reference = outbox id, no child data); in-app users get none', async () => {
    const users = await s.database.db.selectFrom('users').select(['id', 'username']).execute();
    const byName = (n: string) => users.find((u) => u.username === n)?.id ?? '';
    await s.database.db
      .updateTable('users')
      .set({ notify_by: 'email', notification_email: 'sw@example.gov.uk' })
      .where('id', '=', byName('social-worker'))
      .execute();
    const ctx = { now: new Date().toISOString(), actor: null } as unknown as Parameters<
      typeof notify
    >[1];
    await withTransaction(s.database.db, async (trx) => {
      for (const who of ['social-worker', 'practitioner'])
        await notify(trx, ctx, {
          userId: byName(who),
          kind: 'authorisation-requested',
          text: 'Requested: close (awaiting authorisation) for Wren Outboxtest',
          objectId: 'work-1',
        });
    });
    const queued = (await messages()).filter((m) => m.channel === 'email');
    expect(queued).toHaveLength(1);
    await drain(worker());
    expect(notifyApi.refusedAuth).toBe(0);
    expect(notifyApi.emails).toEqual([
      {
        template_id: TEST_TEMPLATE_ID,
        email_address: 'sw@example.gov.uk',
        personalisation: {
          message: 'A step in Baton is waiting for your authorisation.',
          link: 'https://baton.example.gov.uk/work/work-1',
        },
        reference: queued[0]?.id,
      },
    ]);
    expect(JSON.stringify(notifyApi.emails)).not.toContain('Wren');
    // The in-app notification is still written for both.
    const inApp = await s.database.db
      .selectFrom('notifications')
      .select('user_id')
      .where('object_id', '=', 'work-1')
      .execute();
    expect(inApp).toHaveLength(2);
  });

  it('retries with back-off, logs each attempt, and fails with the reason at the limit', async () => {
    const now = new Date().toISOString();
    await withTransaction(s.database.db, (trx) =>
      recordEvent(trx, now, 'decision.made', { workItemId: 'w-retry' }),
    );
    receiver.failNext(2, 503);
    const w = worker({ baseBackoffMs: 30 });
    expect(await w.runOnce()).toBe(1);
    const [afterOne] = await messages();
    expect(afterOne?.state).toBe('queued');
    expect(afterOne?.attempts).toBe(1);
    expect(afterOne?.last_error).toContain('503');
    // Not due again until its back-off (30 ms ± 20 %) after the attempt has passed.
    const first = await s.database.db
      .selectFrom('outbox_attempts')
      .select('finished_at')
      .executeTakeFirstOrThrow();
    const wait = Date.parse(afterOne?.next_attempt_at ?? '') - Date.parse(first.finished_at);
    expect(wait).toBeGreaterThanOrEqual(24);
    expect(wait).toBeLessThanOrEqual(36);
    await drain(w);
    const attempts = await s.database.db
      .selectFrom('outbox_attempts')
      .select(['attempt', 'outcome', 'status_code', 'started_at'])
      .orderBy('attempt')
      .execute();
    expect(attempts.map((a) => [a.attempt, a.outcome, a.status_code])).toEqual([
      [1, 'error', 503],
      [2, 'error', 503],
      [3, 'sent', 204],
    ]);
    // The second wait is about twice the first.
    const gap = (i: number) =>
      Date.parse(attempts[i + 1]?.started_at ?? '') - Date.parse(attempts[i]?.started_at ?? '');
    expect(gap(1)).toBeGreaterThanOrEqual(40);
    expect(receiver.unique.size).toBe(1);

    await withTransaction(s.database.db, (trx) =>
      recordEvent(trx, now, 'decision.made', { workItemId: 'w-fail' }),
    );
    receiver.failNext(3, 500);
    await drain(worker({ maxAttempts: 3, baseBackoffMs: 5 }));
    const failed = (await messages()).find((m) => m.payload.includes('w-fail'));
    expect(failed?.state).toBe('failed');
    expect(failed?.attempts).toBe(3);
    expect(failed?.last_error).toContain('500');
  });

  it('two workers at once deliver each message once', async () => {
    const now = new Date().toISOString();
    await withTransaction(s.database.db, async (trx) => {
      for (let i = 0; i < 40; i++)
        await recordEvent(trx, now, 'work.closed', { workItemId: `w-${String(i)}` });
    });
    const a = worker({ batchSize: 5 });
    const b = worker({ batchSize: 5 });
    await Promise.all([drain(a), drain(b)]);
    expect(receiver.unique.size).toBe(40);
    expect(receiver.deliveries).toHaveLength(40);
    const byWorker = await s.database.db.selectFrom('outbox_attempts').select('worker').execute();
    expect(byWorker).toHaveLength(40);
  });

  it("reclaims a dead worker's expired claim, and a stopping worker releases its claims", async () => {
    const now = new Date().toISOString();
    await withTransaction(s.database.db, (trx) =>
      recordEvent(trx, now, 'work.started', { workItemId: 'w-lease' }),
    );
    // A worker that claimed and died: its lease ended a second ago.
    await s.database.db
      .updateTable('outbox_messages')
      .set({ claimed_by: 'dead-worker', claimed_until: new Date(Date.now() - 1000).toISOString() })
      .execute();
    await drain(worker());
    expect(receiver.unique.size).toBe(1);

    await withTransaction(s.database.db, (trx) =>
      recordEvent(trx, now, 'work.started', { workItemId: 'w-release' }),
    );
    // A live claim is left alone by others...
    const holder = worker({ leaseMs: 60_000 });
    await s.database.db
      .updateTable('outbox_messages')
      .set({ claimed_by: holder.id, claimed_until: new Date(Date.now() + 60_000).toISOString() })
      .where('state', '=', 'queued')
      .execute();
    expect(await worker().runOnce()).toBe(0);
    // ...until its holder stops and releases it.
    await holder.stop();
    expect(await worker().runOnce()).toBe(1);
    expect(receiver.unique.size).toBe(2);
    expect(subscriptionId).not.toBe('');
  });
});
