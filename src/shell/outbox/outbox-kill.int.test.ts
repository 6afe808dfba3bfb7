/**
 * Issue 15 §4, "exactly once despite a killed worker": a worker process is killed with SIGKILL
 * while its deliveries are in flight (the receiver holds them), so it never records them. Another
 * worker process reclaims the messages when the lease runs out and delivers them again with the
 * same event ids; the receiver drops the repeats. Each event reaches the subscriber's effect once,
 * and the test reports how many re-deliveries the kill cost. Runs the built worker
 * (dist/shell/outbox/worker-main.js; `npm test` builds it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../db/unit-of-work.js';
import { startWebhookReceiver } from '../testing/outbox-stand-ins.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-databases.js';
import { recordEvent } from './enqueue.js';
import { addSubscription } from './subscriptions.js';

const WORKER_MAIN = fileURLToPath(
  new URL('../../../dist/shell/outbox/worker-main.js', import.meta.url),
);
const dialects = await testDialects();
const EVENTS = 20;
const SECRET = 'kill-test-secret';

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  if (!existsSync(WORKER_MAIN))
    throw new Error(`${WORKER_MAIN} is missing: run \`npm run build\` first (\`npm test\` does).`);
  const child = spawn(process.execPath, [WORKER_MAIN], {
    env: { PATH: process.env.PATH ?? '', BATON_LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const on = (c: Buffer) => {
      out += c.toString();
      if (out.includes('running')) resolve(child);
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.once('exit', (code) => {
      reject(new Error(`the worker exited (${String(code)}): ${out}`));
    });
  });
}

const exited = (c: ChildProcess) =>
  c.exitCode !== null || c.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => {
        c.once('exit', () => {
          resolve();
        });
      });

async function until(check: () => Promise<boolean> | boolean, ms: number, what: string) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.each(dialects)('a killed outbox worker on %s', (dialect) => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-outbox-kill-'));
  let database: TestDatabase | undefined;
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is replaced by another worker; every event reaches the receiver once after de-duplication', async () => {
    const sqlitePath = join(dir, 'baton.sqlite');
    const db = await createTestDatabase(dialect, { sqlitePath });
    database = db;
    const receiver = await startWebhookReceiver(SECRET);
    try {
      await addSubscription(db.db, {
        name: 'receiver',
        url: receiver.url,
        eventTypes: ['*'],
        secret: SECRET,
        now: new Date().toISOString(),
      });
      await withTransaction(db.db, async (trx) => {
        for (let i = 0; i < EVENTS; i++)
          await recordEvent(trx, new Date().toISOString(), 'decision.made', {
            workItemId: `w-${String(i)}`,
          });
      });
      const env = {
        ...(db.url !== undefined ? { DATABASE_URL: db.url } : { BATON_SQLITE_PATH: sqlitePath }),
        BATON_OUTBOX_LEASE_SECONDS: '2',
        BATON_OUTBOX_IDLE_MS: '50',
      };
      // The receiver records each request but holds its answer: the first worker dies mid-delivery.
      receiver.delayMs = 800;
      const first = await startWorker(env);
      children.push(first);
      await until(() => receiver.arrived >= 5, 20_000, 'the first deliveries');
      first.kill('SIGKILL');
      await exited(first);
      const killedAt = Date.now();
      receiver.delayMs = 0;
      const claimedByDead = await db.db
        .selectFrom('outbox_messages')
        .select('id')
        .where('claimed_by', 'is not', null)
        .execute();
      expect(claimedByDead.length).toBeGreaterThan(0);

      const second = await startWorker(env);
      children.push(second);
      await until(
        async () =>
          (
            await db.db
              .selectFrom('outbox_messages')
              .select('id')
              .where('state', '!=', 'sent')
              .execute()
          ).length === 0,
        30_000,
        'the second worker to deliver everything',
      );
      const recoveredMs = Date.now() - killedAt;
      second.kill('SIGTERM');
      await exited(second);

      expect(receiver.badSignatures).toBe(0);
      expect(receiver.unique.size).toBe(EVENTS);
      const redeliveries = receiver.deliveries.length - receiver.unique.size;
      // Each event was delivered once or, when the kill caught it in flight, twice: never lost.
      const perEvent = new Map<string, number>();
      for (const d of receiver.deliveries)
        perEvent.set(d.eventId, (perEvent.get(d.eventId) ?? 0) + 1);
      expect(Math.max(...perEvent.values())).toBeLessThanOrEqual(2);
      expect(redeliveries).toBeGreaterThan(0);
      // One successful attempt per message is on record (the dead worker recorded nothing).
      const sent = await db.db
        .selectFrom('outbox_attempts')
        .select('message_id')
        .where('outcome', '=', 'sent')
        .execute();
      expect(new Set(sent.map((a) => a.message_id)).size).toBe(EVENTS);
      expect(sent).toHaveLength(EVENTS);
      console.log(
        `[outbox kill -9 on ${dialect}] ${String(EVENTS)} events, ${String(receiver.deliveries.length)} deliveries received, ${String(redeliveries)} re-deliveries suppressed by event id, all delivered ${String(recoveredMs)} ms after the kill (lease 2 s)`,
      );
    } finally {
      await receiver.close();
    }
  });
});
