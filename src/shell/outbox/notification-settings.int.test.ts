/**
 * Issue 15 §4: a user chooses email or in-app only — on the page "Your notification settings" and
 * through the API — and the outbox honours it: an email is queued only while they choose email,
 * and one queued before they changed their mind is not sent. On every database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../db/unit-of-work.js';
import { notify } from '../repositories/work-effects.js';
import {
  startNotifyStandIn,
  TEST_NOTIFY_API_KEY,
  TEST_TEMPLATE_ID,
  type NotifyStandIn,
} from '../testing/outbox-stand-ins.js';
import { pageClient, summaryHrefs } from '../testing/page-forms.js';
import { testDialects } from '../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';
import { notifyEmailSender, webhookSender } from './senders.js';
import { OutboxWorker } from './worker.js';

const dialects = await testDialects();

describe.each(dialects)('notification settings on %s', (dialect) => {
  let s: TestServer;
  let notifyApi: NotifyStandIn;
  const cookies: Record<string, string> = {};
  const { get, postForm } = pageClient(() => s.app, cookies);

  beforeAll(async () => {
    s = await startTestServer({ dialect, env: { BATON_SIGN_IN_LIMIT: '1000' } });
    notifyApi = await startNotifyStandIn();
    for (const u of ['social-worker', 'team-manager']) cookies[u] = await apiSignIn(s.app, u);
  });
  afterAll(async () => {
    await notifyApi.close();
    await s.close();
  });

  const api = (user: string, method: 'GET' | 'PUT', payload?: object) =>
    s.app.inject({
      method,
      url: '/api/me/notification-settings',
      headers: { cookie: cookies[user] ?? '' },
      ...(payload ? { payload } : {}),
    });
  const userId = async (username: string) =>
    (
      await s.database.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
    ).id;
  /** The journey's notify effect for one user, in a unit of work, as a step would write it. */
  const notifyUser = async (username: string, objectId: string) => {
    const id = await userId(username);
    const ctx = { now: new Date().toISOString(), actor: null } as unknown as Parameters<
      typeof notify
    >[1];
    await withTransaction(s.database.db, (trx) =>
      notify(trx, ctx, {
        userId: id,
        kind: 'authorisation-requested',
        text: 'Requested: a step (awaiting authorisation)',
        objectId,
      }),
    );
  };
  const emailsFor = async (objectId: string) =>
    (
      await s.database.db
        .selectFrom('outbox_messages')
        .select(['id', 'state', 'last_error', 'payload'])
        .where('channel', '=', 'email')
        .execute()
    ).filter((m) => m.payload.includes(objectId));
  const deliverAll = async () => {
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
    });
    while ((await w.runOnce()) > 0);
    await w.stop();
  };

  it('is in-app only by default; email needs an address; each change is audited with before and after', async () => {
    const first = await api('social-worker', 'GET');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      notifyBy: 'in-app',
      notificationEmail: null,
      accountEmail: null,
      version: 0,
    });

    const noAddress = await api('social-worker', 'PUT', { notifyBy: 'email', version: 0 });
    expect(noAddress.statusCode, noAddress.body).toBe(400);
    expect(
      noAddress.json<{ error: { code: string; details: { path: string }[] } }>().error,
    ).toMatchObject({
      code: 'BATON_VALIDATION',
      details: [{ path: 'notificationEmail' }],
    });
    const badAddress = await api('social-worker', 'PUT', {
      notifyBy: 'email',
      notificationEmail: 'not an address',
      version: 0,
    });
    expect(badAddress.statusCode).toBe(400);

    const set = await api('social-worker', 'PUT', {
      notifyBy: 'email',
      notificationEmail: 'sw.notify@example.gov.uk',
      version: 0,
    });
    expect(set.statusCode, set.body).toBe(200);
    // A second change from a stale read is refused, and changes nothing.
    const stale = await api('social-worker', 'PUT', { notifyBy: 'in-app', version: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ error: { code: string } }>().error.code).toBe('BATON_STALE_EDIT');
    expect((await api('social-worker', 'GET')).json()).toMatchObject({
      notifyBy: 'email',
      notificationEmail: 'sw.notify@example.gov.uk',
      version: 1,
    });
    // Only their own: the team manager's settings are untouched.
    expect((await api('team-manager', 'GET')).json()).toMatchObject({ notifyBy: 'in-app' });

    const audit = await s.database.db
      .selectFrom('audit_events')
      .select(['object_id', 'changes_json'])
      .where('action', '=', 'user.notification-settings')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.object_id).toBe(await userId('social-worker'));
    expect(JSON.parse(audit[0]?.changes_json ?? '{}')).toEqual({
      before: { notifyBy: 'in-app', notificationEmail: null },
      after: { notifyBy: 'email', notificationEmail: 'sw.notify@example.gov.uk' },
    });

    const anonymous = await s.app.inject({ method: 'GET', url: '/api/me/notification-settings' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('the outbox emails while they choose email, and not after they choose in-app only on the page', async () => {
    // Chosen email (previous test): a notification queues an email, which reaches Notify.
    await notifyUser('social-worker', 'work-settings-1');
    expect(await emailsFor('work-settings-1')).toHaveLength(1);
    await deliverAll();
    expect(notifyApi.emails.map((e) => e.email_address)).toEqual(['sw.notify@example.gov.uk']);

    // Queued while they chose email...
    await notifyUser('social-worker', 'work-settings-2');
    expect(await emailsFor('work-settings-2')).toHaveLength(1);

    // ...then they choose in Baton only, on the page.
    const page = await get('/account/notifications', 'social-worker');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Your notification settings');
    expect(page.body).toMatch(/value="email" checked/);
    const saved = await postForm(
      '/account/notifications',
      '/account/notifications',
      { notifyBy: 'in-app', version: /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? '' },
      'social-worker',
    );
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe('/account/notifications?saved=1');
    const after = await get('/account/notifications?saved=1', 'social-worker');
    expect(after.body).toContain('Your notification settings have been saved.');
    expect(after.body).toMatch(/value="in-app" checked/);
    // The address they gave is kept for when they choose email again.
    expect((await api('social-worker', 'GET')).json()).toMatchObject({
      notifyBy: 'in-app',
      notificationEmail: 'sw.notify@example.gov.uk',
    });

    // The email queued before the change is not sent; new notifications queue none.
    await deliverAll();
    expect(notifyApi.emails).toHaveLength(1);
    expect(await emailsFor('work-settings-2')).toMatchObject([
      { state: 'failed', last_error: 'the user now chooses notifications in Baton only' },
    ]);
    await notifyUser('social-worker', 'work-settings-3');
    expect(await emailsFor('work-settings-3')).toEqual([]);
    // The in-app notification is written whatever they choose.
    const inApp = await s.database.db
      .selectFrom('notifications')
      .select('object_id')
      .where('user_id', '=', await userId('social-worker'))
      .where('object_id', 'like', 'work-settings-%')
      .execute();
    expect(inApp).toHaveLength(3);
  });

  it('the page refuses email without an address, with the error linked to the field', async () => {
    const res = await postForm(
      '/account/notifications',
      '/account/notifications',
      { notifyBy: 'email', notificationEmail: '' },
      'team-manager',
    );
    expect(res.statusCode).toBe(400);
    expect(summaryHrefs(res.body)).toEqual(['#notificationEmail']);
    const none = await postForm(
      '/account/notifications',
      '/account/notifications',
      {},
      'team-manager',
    );
    expect(none.statusCode).toBe(400);
    expect(summaryHrefs(none.body)).toEqual(['#notifyBy']);
    expect((await api('team-manager', 'GET')).json()).toMatchObject({ notifyBy: 'in-app' });
  });
});
