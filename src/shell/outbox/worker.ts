/**
 * The outbox worker. Any number run, in any number of processes, on one database. Each claims a
 * batch of due messages by writing its id and a lease (claimed_by / claimed_until) on them — on
 * PostgreSQL through `FOR UPDATE SKIP LOCKED`, so two workers never take the same row; on SQLite
 * the single writer makes the claiming UPDATE atomic — then delivers them and records the attempt.
 * A failure waits longer each time (exponential back-off with jitter) until the attempt limit,
 * then the message is failed with its reason. A worker that dies holds its claims only until the
 * lease runs out; another worker then reclaims and delivers them (at least once: the receiver
 * drops a repeat by the event id). Stopping releases every claim not yet delivered.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, Dialect } from '../db/index.js';
import type { OutboxMessageTable } from '../db/schema.js';
import type { SendResult, Senders } from './senders.js';

export interface WorkerOptions {
  db: Kysely<Database>;
  dialect: Dialect;
  senders: Senders;
  /** Defaults to host:pid:random. */
  workerId?: string;
  /** How long a claim lasts before another worker may take the message (default 30 s). */
  leaseMs?: number;
  /** How long to wait when there was nothing to do (default 500 ms). */
  idleMs?: number;
  /** Messages claimed at once (default 20). */
  batchSize?: number;
  /** Attempts before a message is failed (default 8). */
  maxAttempts?: number;
  /** First retry waits this long, doubling each time (default 2 s), up to maxBackoffMs (1 h). */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  clock?: () => Date;
  /** Told of each finished attempt (for logs and tests). */
  onAttempt?: (messageId: string, result: SendResult) => void;
}

type Message = Selectable<OutboxMessageTable>;

/** Wait before attempt n+1 after n failures: base·2^(n-1), capped, with ±20 % jitter. */
export function backoffMs(
  failures: number,
  base: number,
  max: number,
  random = Math.random,
): number {
  const raw = Math.min(max, base * 2 ** Math.max(0, failures - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

export class OutboxWorker {
  readonly id: string;
  private readonly o: Required<Omit<WorkerOptions, 'onAttempt' | 'workerId'>> &
    Pick<WorkerOptions, 'onAttempt'>;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(options: WorkerOptions) {
    this.id =
      options.workerId ?? `${hostname()}:${String(process.pid)}:${randomUUID().slice(0, 8)}`;
    this.o = {
      leaseMs: 30_000,
      idleMs: 500,
      batchSize: 20,
      maxAttempts: 8,
      baseBackoffMs: 2_000,
      maxBackoffMs: 3_600_000,
      clock: () => new Date(),
      ...options,
    };
  }

  /** Start polling until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.isRunning()) {
        let done = 0;
        try {
          done = await this.runOnce();
        } catch {
          // The database was unreachable for a moment: try again after the idle wait.
        }
        if (done === 0 && this.isRunning())
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, this.o.idleMs);
            this.wake = () => {
              clearTimeout(t);
              resolve();
            };
          });
      }
    })();
  }

  private isRunning(): boolean {
    return this.running;
  }

  /** Stop polling, let the batch in hand finish, and release any claim still held. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
    await this.releaseClaims();
  }

  /** Claim one batch and deliver it; the number of messages attempted. */
  async runOnce(): Promise<number> {
    const claimed = await this.claim();
    await Promise.all(claimed.map((m) => this.deliver(m)));
    return claimed.length;
  }

  /** Claim and deliver one message now, if it is due and unclaimed (`baton webhooks test`). */
  async runOne(messageId: string): Promise<boolean> {
    const claimed = await this.claim(messageId);
    await Promise.all(claimed.map((m) => this.deliver(m)));
    return claimed.length > 0;
  }

  /** Release every claim this worker holds (the messages become due to any worker at once). */
  async releaseClaims(): Promise<number> {
    const res = await this.o.db
      .updateTable('outbox_messages')
      .set({ claimed_by: null, claimed_until: null })
      .where('claimed_by', '=', this.id)
      .where('state', '=', 'queued')
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  private async claim(only?: string): Promise<Message[]> {
    const now = this.o.clock().toISOString();
    const until = new Date(this.o.clock().getTime() + this.o.leaseMs).toISOString();
    const lock = this.o.dialect === 'postgres' ? sql`for update skip locked` : sql``;
    const { rows } = await sql<Message>`
      update outbox_messages set claimed_by = ${this.id}, claimed_until = ${until}
      where id in (
        select id from outbox_messages
        where state = 'queued' and next_attempt_at <= ${now}
          and (claimed_until is null or claimed_until < ${now})
          ${only !== undefined ? sql`and id = ${only}` : sql``}
        order by next_attempt_at, id
        limit ${this.o.batchSize}
        ${lock}
      )
      returning *`.execute(this.o.db);
    return rows;
  }

  private async deliver(m: Message): Promise<void> {
    const started = this.o.clock().toISOString();
    const result = await this.send(m).catch((e: unknown): SendResult => ({
      ok: false,
      status: null,
      error: e instanceof Error ? e.message : String(e),
      permanent: false,
    }));
    const finished = this.o.clock();
    const attempt = m.attempts + 1;
    await this.o.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('outbox_attempts')
        .values({
          id: randomUUID(),
          message_id: m.id,
          attempt,
          worker: this.id,
          started_at: started,
          finished_at: finished.toISOString(),
          outcome: result.ok ? 'sent' : 'error',
          status_code: result.status,
          error: result.ok ? null : result.error.slice(0, 500),
        })
        .execute();
      const giveUp = !result.ok && (result.permanent || attempt >= this.o.maxAttempts);
      await trx
        .updateTable('outbox_messages')
        .set({
          attempts: attempt,
          claimed_by: null,
          claimed_until: null,
          ...(result.ok
            ? { state: 'sent', sent_at: finished.toISOString(), last_error: null }
            : giveUp
              ? { state: 'failed', last_error: result.error.slice(0, 500) }
              : {
                  last_error: result.error.slice(0, 500),
                  next_attempt_at: new Date(
                    finished.getTime() +
                      backoffMs(attempt, this.o.baseBackoffMs, this.o.maxBackoffMs),
                  ).toISOString(),
                }),
        })
        .where('id', '=', m.id)
        // A message another worker already delivered (our lease ran out) stays as it is.
        .where('state', '=', 'queued')
        .execute();
    });
    this.o.onAttempt?.(m.id, result);
  }

  private async send(m: Message): Promise<SendResult> {
    if (m.channel === 'webhook') {
      const sub = await this.o.db
        .selectFrom('webhook_subscriptions')
        .leftJoin('api_clients', 'api_clients.id', 'webhook_subscriptions.client_id')
        .select([
          'webhook_subscriptions.url',
          'webhook_subscriptions.secret',
          'webhook_subscriptions.active',
          'webhook_subscriptions.client_id',
          'api_clients.revoked_at',
          'api_clients.expires_at',
          'api_clients.scopes',
        ])
        .where('webhook_subscriptions.id', '=', m.recipient)
        .executeTakeFirst();
      if (!sub || sub.active !== 1)
        return { ok: false, status: null, error: 'the subscription was removed', permanent: true };
      // Its client may have been revoked, expired or lost the scope since the event was queued.
      if (
        sub.client_id !== null &&
        (sub.revoked_at !== null ||
          (sub.expires_at ?? '') <= this.o.clock().toISOString() ||
          !(sub.scopes ?? '').split(' ').includes('webhooks:receive'))
      )
        return {
          ok: false,
          status: null,
          error:
            'the client may no longer receive webhooks (revoked, expired or without the scope)',
          permanent: true,
        };
      return this.o.senders.webhook({
        eventId: m.event_id,
        url: sub.url,
        secret: sub.secret,
        body: m.payload,
      });
    }
    const email = this.o.senders.email;
    if (email === null)
      return {
        ok: false,
        status: null,
        error:
          'GOV.UK Notify is not configured (set BATON_NOTIFY_API_KEY and BATON_NOTIFY_TEMPLATE_ID)',
        permanent: false,
      };
    const user = await this.o.db
      .selectFrom('users')
      .select(['notification_email', 'email', 'active', 'notify_by'])
      .where('id', '=', m.recipient)
      .executeTakeFirst();
    // They may have chosen in-app only since it was queued: honour today's choice.
    if (user !== undefined && user.notify_by !== 'email')
      return {
        ok: false,
        status: null,
        error: 'the user now chooses notifications in Baton only',
        permanent: true,
      };
    // The address the user gave for notifications, else the one their account has.
    const to = user?.notification_email ?? user?.email ?? null;
    if (to === null || user?.active !== 1)
      return {
        ok: false,
        status: null,
        error: 'the user has no email address now',
        permanent: true,
      };
    const p = JSON.parse(m.payload) as { kind: string; objectType: string; objectId: string };
    return email({ outboxId: m.id, to, ...p });
  }
}
