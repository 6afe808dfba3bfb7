/**
 * Issue 15 §5: two Baton server processes on one PostgreSQL, requests alternating between them.
 * A session made on one works on the other; the sign-in limit counts attempts on both together;
 * a contact made through one sends its events to a webhook receiver once, with both processes
 * running outbox workers. Runs the built server (`npm test` builds it); PostgreSQL only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSubscription } from '../outbox/subscriptions.js';
import { twoParentContact } from '../testing/contact-fixtures.js';
import { startWebhookReceiver, type WebhookReceiver } from '../testing/outbox-stand-ins.js';
import {
  createTestDatabase,
  isPostgresAvailable,
  type TestDatabase,
} from '../testing/test-databases.js';
import { httpCall, httpSignIn, startServerProcess, type ServerProcess } from './server-process.js';

const PASSWORD = 'two-process-password';
const SECRET = 'two-process-secret';

describe.runIf(await isPostgresAvailable())('two Baton processes on one PostgreSQL', () => {
  let db: TestDatabase;
  let receiver: WebhookReceiver;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    receiver = await startWebhookReceiver(SECRET);
    const env = {
      DATABASE_URL: db.url ?? '',
      BATON_DEMO_PASSWORD: PASSWORD,
      BATON_SIGN_IN_LIMIT: '3',
      BATON_COOKIE_SECRET: 'a-shared-cookie-secret-of-32-characters-or-more',
      BATON_LOG_LEVEL: 'silent',
      BATON_OUTBOX_IDLE_MS: '50',
    };
    // One after the other: the first migrates and loads the demo data.
    servers.push(await startServerProcess(env));
    servers.push(await startServerProcess(env));
    // Subscribed after start-up, so the demo data's own events are not sent.
    await addSubscription(db.db, {
      name: 'receiver',
      url: receiver.url,
      eventTypes: ['*'],
      secret: SECRET,
      now: new Date().toISOString(),
    });
  });
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await receiver.close();
    await db.drop();
  });

  const [a, b] = [() => servers[0]?.url ?? '', () => servers[1]?.url ?? ''];

  it('a session made on one process works on the other', async () => {
    const cookie = await httpSignIn(a(), 'social-worker', PASSWORD);
    expect((await httpCall(b(), 'GET', '/api/my-work', { cookie })).status).toBe(200);
    expect((await httpCall(b(), 'GET', '/api/my-work')).status).toBe(401);
  });

  it('holds the sign-in limit across both', async () => {
    for (const url of [a(), b(), a()]) {
      const r = await httpCall(url, 'POST', '/api/session', {
        body: { username: 'dsl', password: 'wrong-password' },
      });
      expect(r.status).toBe(401);
    }
    const limited = await httpCall(b(), 'POST', '/api/session', {
      body: { username: 'dsl', password: PASSWORD },
    });
    expect(limited.status).toBe(429);
  });

  it("delivers a contact's events once with both processes' workers running", async () => {
    const cookie = await httpSignIn(b(), 'practitioner', PASSWORD);
    const made = await httpCall(a(), 'POST', '/api/contacts', {
      cookie,
      body: twoParentContact(
        { givenName: 'Tam', familyName: 'Twoprocess', dateOfBirth: '2016-06-06' },
        { concerns: 'Tam is often left alone overnight.', referrerLevel: 3 },
      ),
    });
    expect(made.status).toBe(201);
    const end = Date.now() + 20_000;
    while (receiver.unique.size < 2 && Date.now() < end)
      await new Promise((r) => setTimeout(r, 50));
    // Let any second delivery arrive before counting.
    await new Promise((r) => setTimeout(r, 500));
    expect([...receiver.unique.values()].map((d) => d.body.type).sort()).toEqual([
      'contact.received',
      'work.started',
    ]);
    expect(receiver.deliveries).toHaveLength(2);
    const attempts = await db.db.selectFrom('outbox_attempts').select('worker').execute();
    expect(attempts).toHaveLength(2);
  });
});
