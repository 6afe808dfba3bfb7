/**
 * `baton webhooks add|list|test|remove` against a SQLite file and a local signed receiver.
 * Subscribers are API clients with the webhooks:receive scope.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver } from '../testing/outbox-stand-ins.js';
import { runBaton } from './cli-test-kit.js';

describe('baton webhooks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-webhooks-'));
  const env = { BATON_SQLITE_PATH: join(dir, 'baton.sqlite') };
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds only for a client with webhooks:receive', async () => {
    expect(
      (
        await runBaton(
          ['agencies', 'add', '--name', 'Eastshire Council', '--kind', 'childrens-social-care'],
          env,
        )
      ).code,
    ).toBe(0);
    const agencies = JSON.parse((await runBaton(['agencies', 'list', '--json'], env)).out) as {
      agencies: { id: string }[];
    };
    const agency = agencies.agencies[0]?.id ?? '';
    for (const [name, scope] of [
      ['warehouse', 'webhooks:receive'],
      ['receiver', 'webhooks:receive'],
      ['contacts-only', 'contacts:create'],
    ] as const) {
      const made = await runBaton(
        ['clients', 'add', '--name', name, '--agency', agency, '--scope', scope],
        env,
      );
      expect(made.code, made.err).toBe(0);
    }
    const noScope = await runBaton(
      ['webhooks', 'add', '--client', 'contacts-only', '--url', 'http://127.0.0.1:1/x'],
      env,
    );
    expect(noScope.code).toBe(1);
    expect(noScope.err).toContain('does not have the webhooks:receive scope');
    const unknown = await runBaton(
      ['webhooks', 'add', '--client', 'nobody', '--url', 'http://127.0.0.1:1/x'],
      env,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('there is no API client "nobody"');
  });

  it('adds, lists, tests (a signed event reaches the receiver) and removes a subscriber', async () => {
    const added = await runBaton(
      [
        'webhooks',
        'add',
        '--client',
        'warehouse',
        '--url',
        'http://127.0.0.1:1/x',
        '--events',
        'work.started,decision.made',
      ],
      env,
    );
    expect(added.code, added.err).toBe(0);
    const id = /Added webhook ([0-9a-f-]{36})/.exec(added.out)?.[1] ?? '';
    const secret = /not shown again\): (\S+)/.exec(added.out)?.[1] ?? '';
    expect(secret.length).toBeGreaterThan(30);

    const bad = await runBaton(
      ['webhooks', 'add', '--client', 'warehouse', '--url', 'http://a', '--events', 'nope'],
      env,
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Unknown event type nope');

    const receiver = await startWebhookReceiver('agreed-secret-with-the-receiver');
    try {
      const real = await runBaton(
        [
          'webhooks',
          'add',
          '--client',
          'receiver',
          '--url',
          receiver.url,
          '--secret',
          'agreed-secret-with-the-receiver',
        ],
        env,
      );
      const realId = /Added webhook ([0-9a-f-]{36})/.exec(real.out)?.[1] ?? '';
      const tested = await runBaton(['webhooks', 'test', realId], env);
      expect(tested.out).toMatch(/delivered \(HTTP 204\)/);
      expect(receiver.badSignatures).toBe(0);
      expect(receiver.unique.size).toBe(1);
      expect([...receiver.unique.values()][0]?.body.type).toBe('webhook.test');
      // The first subscriber's URL refuses connections: the test says why.
      const failing = await runBaton(['webhooks', 'test', id], env);
      expect(failing.out).toMatch(/failed: the subscriber could not be reached/);
    } finally {
      await receiver.close();
    }

    const listed = await runBaton(['webhooks', 'list'], env);
    expect(listed.out).toContain(
      `${id}  active   warehouse  http://127.0.0.1:1/x  work.started,decision.made`,
    );
    expect((await runBaton(['webhooks', 'remove', id], env)).code).toBe(0);
    expect((await runBaton(['webhooks', 'list'], env)).out).toContain(`${id}  removed  warehouse`);
    const again = await runBaton(['webhooks', 'remove', id], env);
    expect(again.code).toBe(1);
  });
});
