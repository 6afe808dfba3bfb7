/**
 * Outbox figures (issue 15): messages per second one worker delivers from a backlog, and the
 * delivery latency (commit to the receiver's 2xx) at a steady 100 events per second. A local
 * signed-webhook receiver on loopback stands in for the subscriber, so the figures are Baton's
 * (claim, sign, POST, record), not a network's. `node dist/bench/outbox-load.js [sqlite|postgres]`.
 */
import { withTransaction } from '../shell/db/unit-of-work.js';
import { recordEvent } from '../shell/outbox/enqueue.js';
import { webhookSender } from '../shell/outbox/senders.js';
import { addSubscription } from '../shell/outbox/subscriptions.js';
import { OutboxWorker } from '../shell/outbox/worker.js';
import { startWebhookReceiver } from '../shell/testing/outbox-stand-ins.js';
import { createTestDatabase } from '../shell/testing/test-databases.js';

const dialect = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const BACKLOG = Number(process.env.OUTBOX_BENCH_BACKLOG ?? 2000);
const RATE = 100;
const SECONDS = Number(process.env.OUTBOX_BENCH_SECONDS ?? 10);

const db = await createTestDatabase(dialect, {
  sqlitePath:
    dialect === 'sqlite' ? `/tmp/baton-outbox-bench-${String(process.pid)}.sqlite` : undefined,
});
const receiver = await startWebhookReceiver('bench-secret');
await addSubscription(db.db, {
  name: 'bench',
  url: receiver.url,
  eventTypes: ['*'],
  secret: 'bench-secret',
  now: new Date().toISOString(),
});
const newWorker = () =>
  new OutboxWorker({
    db: db.db,
    dialect,
    batchSize: 50,
    idleMs: 10,
    senders: { email: null, webhook: webhookSender() },
  });
const pending = async () =>
  (await db.db.selectFrom('outbox_messages').select('id').where('state', '=', 'queued').execute())
    .length;

// 1. Backlog: how fast one worker empties it.
await withTransaction(db.db, async (trx) => {
  for (let i = 0; i < BACKLOG; i++)
    await recordEvent(trx, new Date().toISOString(), 'decision.made', { workItemId: String(i) });
});
const w1 = newWorker();
const t0 = performance.now();
w1.start();
while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 20));
const backlogSeconds = (performance.now() - t0) / 1000;
await w1.stop();
const throughput = BACKLOG / backlogSeconds;

// 2. Steady load: 100 events a second, each its own transaction; latency commit → delivered.
receiver.deliveries.length = 0;
receiver.unique.clear();
const w2 = newWorker();
w2.start();
const committedAt = new Map<string, number>();
const start = performance.now();
for (let i = 0; i < RATE * SECONDS; i++) {
  const due = start + (i * 1000) / RATE;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const id = await withTransaction(db.db, (trx) =>
    recordEvent(trx, new Date().toISOString(), 'work.started', { workItemId: `s${String(i)}` }),
  );
  committedAt.set(id, Date.now());
}
const produced = (performance.now() - start) / 1000;
while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 20));
await w2.stop();
const latencies = [...receiver.unique.values()]
  .map((d) => d.receivedAt - (committedAt.get(d.eventId) ?? NaN))
  .filter((x) => Number.isFinite(x))
  .sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
console.log(
  JSON.stringify(
    {
      dialect,
      backlog: {
        messages: BACKLOG,
        seconds: Number(backlogSeconds.toFixed(2)),
        perSecond: Math.round(throughput),
      },
      steady: {
        offeredPerSecond: RATE,
        achievedPerSecond: Math.round((RATE * SECONDS) / produced),
        events: latencies.length,
        latencyMs: { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), max: latencies.at(-1) },
      },
      duplicates: receiver.deliveries.length - receiver.unique.size,
    },
    null,
    2,
  ),
);
await receiver.close();
await db.drop();
