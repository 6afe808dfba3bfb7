/**
 * Group commit for the audit trail. Outside a transaction, every request that audits at about the
 * same moment shares one multi-row INSERT (one commit, one WAL flush on PostgreSQL) instead of
 * one commit each. Each caller's promise settles only after its row is committed, so a read is
 * still never answered before its audit row is durable, and a failure to audit still fails the
 * operation. Nothing waits on a timer: a batch is whatever queued while the previous one was
 * being written, so a lone request pays no extra latency.
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../db/index.js';

export type AuditRow = Insertable<Database['audit_events']>;

interface Pending {
  row: AuditRow;
  resolve: () => void;
  reject: (e: unknown) => void;
}

// 13 columns × 500 rows stays far below both databases' limits on bound parameters.
const MAX_BATCH = 500;

class AuditWriter {
  private queue: Pending[] = [];
  private draining = false;

  constructor(private readonly db: Kysely<Database>) {}

  write(row: AuditRow): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        // Let the rows queued in this turn of the event loop join the first batch.
        queueMicrotask(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.insert(batch.map((p) => p.row));
          for (const p of batch) p.resolve();
        } catch {
          // One bad row must not fail the other requests in its batch: write them one by one,
          // so that each caller learns whether its own row was written.
          for (const p of batch) {
            try {
              await this.insert([p.row]);
              p.resolve();
            } catch (e) {
              p.reject(e);
            }
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async insert(rows: AuditRow[]): Promise<void> {
    await this.db.insertInto('audit_events').values(rows).execute();
  }
}

const writers = new WeakMap<Kysely<Database>, AuditWriter>();

/**
 * Write one audit row and resolve once it is committed. Inside a transaction the row is written
 * there and then, so that it commits (or rolls back) with the change it records.
 */
export function writeAuditRow(db: Kysely<Database>, row: AuditRow): Promise<void> {
  if (db.isTransaction) return db.insertInto('audit_events').values(row).execute().then(noop);
  let writer = writers.get(db);
  if (!writer) {
    writer = new AuditWriter(db);
    writers.set(db, writer);
  }
  return writer.write(row);
}

function noop(): void {
  // The insert's result (no rows) is not needed.
}
