/**
 * Issue 15 §4: "delivery state is visible to administrators (queued, sent, failed with reason,
 * retried)". The API and the page list the outbox with counts by state; nobody else reads it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoParentContact } from '../testing/contact-fixtures.js';
import { testDialects } from '../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';
import { addSubscription } from './subscriptions.js';

const dialects = await testDialects();

interface Summary {
  counts: { queued: number; sent: number; failed: number };
  retried: number;
  messages: { eventType: string; recipient: string; state: string; lastError: string | null }[];
}

describe.each(dialects)('the outbox for administrators on %s', (dialect) => {
  let s: TestServer;
  const cookies: Record<string, string> = {};
  const get = (url: string, who: string) =>
    s.app.inject({ method: 'GET', url, headers: { cookie: cookies[who] ?? '' } });

  beforeAll(async () => {
    // No worker: what is queued stays queued, so the test decides each message's state.
    s = await startTestServer({ dialect, env: { BATON_OUTBOX_WORKER: 'false' } });
    await addSubscription(s.database.db, {
      name: 'Warehouse (synthetic)',
      url: 'http://127.0.0.1:9/hook',
      eventTypes: ['contact.received', 'work.started'],
      now: new Date().toISOString(),
    });
    for (const who of ['admin', 'practitioner']) cookies[who] = await apiSignIn(s.app, who);
    const made = await s.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: { cookie: cookies.practitioner ?? '' },
      payload: twoParentContact(
        { givenName: 'Outboxia', familyName: 'Ledgerwood', dateOfBirth: '2017-05-09' },
        { concerns: 'Often hungry at school.', referrerLevel: 2 },
      ),
    });
    expect(made.statusCode, made.body).toBe(201);
  });
  afterAll(() => s.close());

  it('lists what is waiting, sent after retries, and failed with why, with counts', async () => {
    const db = s.database.db;
    const rows = await db.selectFrom('outbox_messages').select(['id', 'event_type']).execute();
    expect(rows.map((r) => r.event_type).sort()).toEqual(['contact.received', 'work.started']);
    const [first, second] = rows;
    await db
      .updateTable('outbox_messages')
      .set({ state: 'failed', attempts: 8, last_error: 'HTTP 500 from the subscriber' })
      .where('id', '=', first?.id ?? '')
      .execute();
    await db
      .updateTable('outbox_messages')
      .set({ state: 'sent', attempts: 2, sent_at: new Date().toISOString() })
      .where('id', '=', second?.id ?? '')
      .execute();

    const all = await get('/api/admin/outbox', 'admin');
    expect(all.statusCode, all.body).toBe(200);
    const summary = all.json<Summary>();
    expect(summary.counts).toEqual({ queued: 0, sent: 1, failed: 1 });
    expect(summary.retried).toBe(1);
    expect(summary.messages.map((m) => m.recipient)).toEqual([
      'Warehouse (synthetic)',
      'Warehouse (synthetic)',
    ]);
    const failed = (await get('/api/admin/outbox?state=failed', 'admin')).json<Summary>();
    expect(failed.messages).toEqual([
      expect.objectContaining({ state: 'failed', lastError: 'HTTP 500 from the subscriber' }),
    ]);

    const page = await get('/admin/outbox?state=failed', 'admin');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Last problem: HTTP 500 from the subscriber');
    expect(page.body).not.toContain('Outboxia'); // ids and event names only, never the child
  });

  it('refuses everyone but administrators, and audits the refusal', async () => {
    const api = await get('/api/admin/outbox', 'practitioner');
    expect(api.statusCode).toBe(403);
    expect((await get('/admin/outbox', 'practitioner')).statusCode).toBe(403);
    const refusals = await s.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'admin.outbox.list')
      .where('outcome', '=', 'refused')
      .execute();
    expect(refusals.length).toBe(2);
  });
});
