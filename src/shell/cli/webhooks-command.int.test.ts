/** `baton webhooks add|list|test|remove` against a SQLite file and a local signed receiver. */
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

  it('adds, lists, tests (a signed event reaches the receiver) and removes a subscriber', async () => {
    const added = await runBaton(
      [
        'webhooks',
        'add',
        '--name',
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
      ['webhooks', 'add', '--name', 'x', '--url', 'http://a', '--events', 'nope'],
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
          '--name',
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
