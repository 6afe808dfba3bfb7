/**
 * Issue 15 §4: webhook subscribers are API clients. A client whose token has `webhooks:receive`
 * registers its own endpoints through the API, sees and removes only its own, receives signed
 * events carrying ids (no personal data), and stops receiving them once revoked — including an
 * event queued before the revocation. A client without the scope, and a person, are refused.
 * On every database.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, revokeApiClient } from '../repositories/index.js';
import { twoParentContact } from '../testing/contact-fixtures.js';
import { startWebhookReceiver, type WebhookReceiver } from '../testing/outbox-stand-ins.js';
import { testDialects } from '../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';
import { webhookSender } from './senders.js';
import { OutboxWorker } from './worker.js';

const dialects = await testDialects();
const SECRET = 'a-secret-the-warehouse-chose-for-its-receiver';

describe.each(dialects)('webhook subscriptions by client on %s', (dialect) => {
  let s: TestServer;
  let receiver: WebhookReceiver;
  const tokens: Record<string, string> = {};

  const call = (
    token: string,
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    payload?: object,
  ): Promise<LightMyRequestResponse> =>
    s.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });
  const code = (res: LightMyRequestResponse) =>
    res.json<{ error?: { code: string } }>().error?.code ?? '';
  const deliverAll = async () => {
    const w = new OutboxWorker({
      db: s.database.db,
      dialect,
      baseBackoffMs: 20,
      idleMs: 20,
      senders: { email: null, webhook: webhookSender() },
    });
    while ((await w.runOnce()) > 0);
    await w.stop();
  };
  const contact = (familyName: string) =>
    twoParentContact(
      { givenName: 'Robin', familyName, dateOfBirth: '2018-05-06' },
      { concerns: 'Invented concerns about Robin for a webhook test.', referrerLevel: 3 },
    );

  beforeAll(async () => {
    s = await startTestServer({ dialect, env: { BATON_SIGN_IN_LIMIT: '1000' } });
    receiver = await startWebhookReceiver(SECRET);
    const police = await s.database.db
      .selectFrom('users')
      .select('agency_id')
      .where('username', '=', 'police-demo')
      .executeTakeFirstOrThrow();
    const ctx = {
      actor: null,
      requestId: 'test',
      remoteAddress: null,
      now: new Date().toISOString(),
    };
    for (const [name, scopes] of [
      ['warehouse', ['webhooks:receive', 'returns:read']],
      ['partner-system', ['webhooks:receive']],
      ['police-case-system', ['contacts:create']],
    ] as const)
      tokens[name] = (
        await createApiClient(s.database.db, ctx, {
          name,
          agencyId: police.agency_id,
          scopes: [...scopes],
          days: 30,
        })
      ).token;
  });
  afterAll(async () => {
    await receiver.close();
    await s.close();
  });

  it('lets a client with webhooks:receive register its endpoint, and delivers signed events with ids only', async () => {
    const made = await call(tokens['warehouse'] ?? '', 'POST', '/api/webhooks', {
      url: receiver.url,
      events: ['contact.received'],
      secret: SECRET,
    });
    expect(made.statusCode, made.body).toBe(201);
    const sub = made.json<{ id: string; name: string; secret: string; eventTypes: string[] }>();
    expect(sub).toMatchObject({
      name: 'warehouse',
      secret: SECRET,
      eventTypes: ['contact.received'],
    });
    const row = await s.database.db
      .selectFrom('webhook_subscriptions')
      .innerJoin('api_clients', 'api_clients.id', 'webhook_subscriptions.client_id')
      .select('api_clients.name')
      .where('webhook_subscriptions.id', '=', sub.id)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('warehouse');

    const sent = await call(
      tokens['police-case-system'] ?? '',
      'POST',
      '/api/contacts',
      contact('Hookfield'),
    );
    expect(sent.statusCode, sent.body).toBe(201);
    await deliverAll();
    expect(receiver.badSignatures).toBe(0);
    const events = [...receiver.unique.values()].map((d) => d.body);
    expect(events.map((e) => e.type)).toEqual(['contact.received']);
    expect(events[0]?.data['contactId']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(events)).not.toMatch(/Robin|Hookfield|Invented concerns|2018-05-06/);

    const audit = await s.database.db
      .selectFrom('audit_events')
      .innerJoin('users', 'users.id', 'audit_events.actor_user_id')
      .select(['users.username', 'audit_events.object_id'])
      .where('audit_events.action', '=', 'webhook.subscribe')
      .execute();
    expect(audit).toEqual([{ username: 'client:warehouse', object_id: sub.id }]);
  });

  it('shows and removes only the calling client’s own subscriptions', async () => {
    const partner = await call(tokens['partner-system'] ?? '', 'POST', '/api/webhooks', {
      url: 'http://127.0.0.1:1/partner',
      events: ['*'],
    });
    expect(partner.statusCode).toBe(201);
    const partnerId = partner.json<{ id: string }>().id;

    const warehouseList = await call(tokens['warehouse'] ?? '', 'GET', '/api/webhooks');
    const names = warehouseList.json<{ webhooks: { name: string; id: string }[] }>().webhooks;
    expect(names.map((w) => w.name)).toEqual(['warehouse']);
    expect(JSON.stringify(warehouseList.json())).not.toContain('secret');

    const notTheirs = await call(tokens['warehouse'] ?? '', 'DELETE', `/api/webhooks/${partnerId}`);
    expect(notTheirs.statusCode).toBe(404);
    expect(code(notTheirs)).toBe('BATON_NOT_FOUND');
    const own = await call(tokens['partner-system'] ?? '', 'DELETE', `/api/webhooks/${partnerId}`);
    expect(own.statusCode).toBe(204);
  });

  it('refuses a client without the scope, and a person signed in', async () => {
    const noScope = await call(tokens['police-case-system'] ?? '', 'POST', '/api/webhooks', {
      url: receiver.url,
      events: ['*'],
    });
    expect(noScope.statusCode).toBe(403);
    expect(code(noScope)).toBe('BATON_CLIENT_SCOPE');
    const person = await s.app.inject({
      method: 'GET',
      url: '/api/webhooks',
      headers: { cookie: await apiSignIn(s.app, 'admin') },
    });
    expect(person.statusCode).toBe(403);
    expect(code(person)).toBe('BATON_FORBIDDEN');
  });

  it('stops events to a revoked client, even one queued before it was revoked', async () => {
    const before = receiver.unique.size;
    const sent = await call(
      tokens['police-case-system'] ?? '',
      'POST',
      '/api/contacts',
      contact('Revoketon'),
    );
    expect(sent.statusCode).toBe(201);
    const queued = await s.database.db
      .selectFrom('outbox_messages')
      .select('id')
      .where('channel', '=', 'webhook')
      .where('state', '=', 'queued')
      .execute();
    expect(queued).toHaveLength(1);

    await revokeApiClient(
      s.database.db,
      { actor: null, requestId: 'test', remoteAddress: null, now: new Date().toISOString() },
      'warehouse',
    );
    await deliverAll();
    expect(receiver.unique.size).toBe(before);
    const failed = await s.database.db
      .selectFrom('outbox_messages')
      .select(['state', 'last_error'])
      .where('id', '=', queued[0]?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(failed.state).toBe('failed');
    expect(failed.last_error).toMatch(/no longer receive webhooks/);

    // New events are not queued for it at all.
    const next = await call(
      tokens['police-case-system'] ?? '',
      'POST',
      '/api/contacts',
      contact('Afterton'),
    );
    expect(next.statusCode).toBe(201);
    const more = await s.database.db
      .selectFrom('outbox_messages')
      .select('id')
      .where('channel', '=', 'webhook')
      .where('state', '=', 'queued')
      .execute();
    expect(more).toEqual([]);
  });
});
