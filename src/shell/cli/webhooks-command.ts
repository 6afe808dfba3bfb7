/**
 * `baton webhooks add|list|remove|test`: who receives Baton's signed events (docs/outbox.md).
 * `test` sends a signed `webhook.test` event through the outbox at once and reports the attempt.
 */
import type { Command } from 'commander';
import { isPostgresUrl, migrateToLatest, openDatabase, type DatabaseHandle } from '../db/index.js';
import { withTransaction } from '../db/unit-of-work.js';
import { recordEvent } from '../outbox/enqueue.js';
import { webhookSender } from '../outbox/senders.js';
import {
  addSubscription,
  listSubscriptions,
  removeSubscription,
  webhookClientNamed,
} from '../outbox/subscriptions.js';
import { OutboxWorker } from '../outbox/worker.js';
import type { CliContext } from './cli-context.js';

async function withDatabase<T>(ctx: CliContext, work: (h: DatabaseHandle) => Promise<T>) {
  const url = ctx.io.env['DATABASE_URL'];
  const handle = isPostgresUrl(url)
    ? openDatabase({ databaseUrl: url })
    : openDatabase({
        sqlitePath: ctx.path(ctx.io.env['BATON_SQLITE_PATH'] ?? './data/baton.sqlite'),
      });
  try {
    await migrateToLatest(handle);
    return await work(handle);
  } finally {
    await handle.close();
  }
}

export function registerWebhooksCommand(program: Command, ctx: CliContext): void {
  const webhooks = program
    .command('webhooks')
    .description('manage webhook subscribers (signed JSON events through the outbox)');
  webhooks
    .command('add')
    .description(
      'add an endpoint for an API client with the webhooks:receive scope; prints its id and signing secret (shown once)',
    )
    .requiredOption('--client <name>', 'the API client it belongs to (`baton clients list`)')
    .requiredOption('--url <url>', 'where to POST events')
    .option('--events <types>', 'comma-separated event types, or * for all', '*')
    .option('--secret <secret>', 'a signing secret agreed with the subscriber (default: a new one)')
    .action(async (o: { client: string; url: string; events: string; secret?: string }) => {
      const s = await withDatabase(ctx, async (h) => {
        const now = new Date().toISOString();
        const client = await webhookClientNamed(h.db, o.client, now);
        return addSubscription(h.db, {
          name: client.name,
          url: o.url,
          eventTypes: o.events.split(',').map((t) => t.trim()),
          ...(o.secret !== undefined ? { secret: o.secret } : {}),
          now,
          clientId: client.id,
        });
      });
      ctx.io.out(`Added webhook ${s.id} (${s.name}) → ${s.url} for ${s.eventTypes.join(', ')}\n`);
      ctx.io.out(`Signing secret (give it to the subscriber; not shown again): ${s.secret}\n`);
    });
  webhooks
    .command('list')
    .description('list subscribers')
    .action(async () => {
      const subs = await withDatabase(ctx, (h) => listSubscriptions(h.db));
      if (subs.length === 0) ctx.io.out('No webhook subscribers.\n');
      for (const s of subs)
        ctx.io.out(
          `${s.id}  ${s.active ? 'active ' : 'removed'}  ${s.name}  ${s.url}  ${s.eventTypes.join(',')}\n`,
        );
    });
  webhooks
    .command('remove <id>')
    .description('stop sending to a subscriber (its delivery log stays)')
    .action(async (id: string) => {
      await withDatabase(ctx, (h) => removeSubscription(h.db, id));
      ctx.io.out(`Removed webhook ${id}.\n`);
    });
  webhooks
    .command('test <id>')
    .description('send a signed webhook.test event to one subscriber now')
    .action(async (id: string) => {
      const line = await withDatabase(ctx, async (h) => {
        const now = new Date().toISOString();
        const eventId = await withTransaction(h.db, (trx) =>
          recordEvent(trx, now, 'webhook.test', { subscriptionId: id }, id),
        );
        const message = await h.db
          .selectFrom('outbox_messages')
          .select('id')
          .where('event_id', '=', eventId)
          .executeTakeFirst();
        if (!message) return `There is no active webhook subscription ${id}.`;
        // Deliver this one message now (other workers may take it too: either way it is logged).
        let outcome = 'not attempted (another worker took it)';
        const worker = new OutboxWorker({
          db: h.db,
          dialect: h.dialect,
          senders: { email: null, webhook: webhookSender() },
          onAttempt: (mid, r) => {
            if (mid === message.id)
              outcome = r.ok ? `delivered (HTTP ${String(r.status)})` : `failed: ${r.error}`;
          },
        });
        await worker.runOne(message.id);
        return `Test event ${eventId}: ${outcome}.`;
      });
      ctx.io.out(`${line}\n`);
    });
}
