/**
 * Rows for the synthetic authority, held per table and written in large multi-row inserts inside
 * one transaction per chunk: a few hundred statements per chunk instead of one per row.
 */
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Database, Dialect } from '../db/index.js';

type Table = keyof Database;

/** Tables in the order their foreign keys need them written. */
export const TABLE_ORDER = [
  'agencies',
  'users',
  'user_roles',
  'people',
  'person_keys',
  'relationships',
  'threshold_checks',
  'contacts',
  'contact_people',
  'idempotency_keys',
  'work_items',
  'work_item_children',
  'transitions',
  'deadlines',
  'notifications',
  'involvements',
  'break_glass',
  'consents',
  'sharing_decisions',
  'child_timeline',
  'eh_assessments',
  'eh_plans',
  'eh_plan_actions',
  'eh_meetings',
  'eh_distributions',
  'eh_reviews',
  'eh_concerns',
  'panel_agenda_items',
  'audit_events',
] as const satisfies readonly Table[];

/**
 * Bound parameters per statement: SQLite allows 32,766 and PostgreSQL 65,535; staying well below
 * both keeps each statement's text small enough to compile quickly.
 */
const MAX_PARAMS = 16_000;
const MAX_ROWS = 1_000;

export class BatchWriter {
  private readonly pending = new Map<Table, unknown[]>();
  private readonly counts = new Map<Table, number>();

  constructor(private readonly dialect: Dialect) {}

  /** Queue a row; it is written at the next flush. Rows may be changed until then. */
  add<T extends Table>(table: T, row: Insertable<Database[T]>): Insertable<Database[T]> {
    let list = this.pending.get(table);
    if (!list) {
      list = [];
      this.pending.set(table, list);
    }
    list.push(row);
    return row;
  }

  /** Rows written so far, per table. */
  written(): ReadonlyMap<Table, number> {
    return this.counts;
  }

  /** Rows queued and not yet written. */
  queued(): number {
    let n = 0;
    for (const rows of this.pending.values()) n += rows.length;
    return n;
  }

  /** Write everything queued, in foreign-key order, in one transaction. */
  async flush(db: Kysely<Database>): Promise<void> {
    if (this.queued() === 0) return;
    await db.transaction().execute(async (trx) => {
      // Seed data can be generated again: no need to wait for each commit to reach the disk.
      if (this.dialect === 'postgres') await sql`SET LOCAL synchronous_commit = off`.execute(trx);
      for (const table of TABLE_ORDER) await this.writeTable(trx, table);
    });
    this.pending.clear();
  }

  private async writeTable(trx: Transaction<Database>, table: Table): Promise<void> {
    const rows = this.pending.get(table);
    if (!rows || rows.length === 0) return;
    const columns = Object.keys(rows[0] as object).length;
    const size = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns)));
    for (let i = 0; i < rows.length; i += size) {
      // The rows were typed when queued (add); the map keeps them as unknown[] per table.
      const batch = rows.slice(i, i + size) as Insertable<Database[Table]>[];
      await trx.insertInto(table).values(batch).execute();
    }
    this.counts.set(table, (this.counts.get(table) ?? 0) + rows.length);
  }
}
