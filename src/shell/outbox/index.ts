/** The outbox: emails (GOV.UK Notify) and signed webhooks, delivered by workers in any process. */
import type { DatabaseHandle } from '../db/index.js';
import type { OutboxConfig } from '../server/config.js';
import { notifyEmailSender, webhookSender } from './senders.js';
import { OutboxWorker } from './worker.js';

export { EVENT_TYPES, queueEmails, recordEvent, subscribes, type EventType } from './enqueue.js';
export { signWebhook, WEBHOOK_HEADERS, webhookSender, notifyEmailSender } from './senders.js';
export type { Senders, SendResult } from './senders.js';
export { backoffMs, OutboxWorker, type WorkerOptions } from './worker.js';

/** Start this process's worker with the configured senders. */
export function startOutboxWorker(handle: DatabaseHandle, config: OutboxConfig): OutboxWorker {
  const worker = new OutboxWorker({
    db: handle.db,
    dialect: handle.dialect,
    leaseMs: config.leaseMs,
    idleMs: config.idleMs,
    senders: {
      email: config.notify ? notifyEmailSender(config.notify) : null,
      webhook: webhookSender(),
    },
  });
  worker.start();
  return worker;
}
