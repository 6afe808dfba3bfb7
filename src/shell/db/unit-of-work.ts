/**
 * One transaction per use-case (pattern: Medplum's `withTransaction` on its per-request
 * repository). A use-case opens the unit of work; every function it calls that writes asks for a
 * transaction too and, finding one open, joins it instead of committing on its own. So a step and
 * everything it causes commit together or not at all: a crash between two writes can no longer
 * leave half a record (kill -9 used to leave early help episodes "proposed" with consent written
 * but no open step).
 *
 * Refusals are the exception: their audit rows must survive the rollback that the refusal itself
 * causes. Inside a unit of work they wait here and are written once it has ended, either way.
 */
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type AuditRow = Insertable<Database['audit_events']>;

interface Unit {
  root: Kysely<Database>;
  afterEnd: AuditRow[];
  /** Records of a refusal (not only its audit row) that must outlive the rollback. */
  recordsAfterEnd: ((db: Kysely<Database>) => Promise<void>)[];
}

const units = new WeakMap<Kysely<Database>, Unit>();

/**
 * Run `work` in a transaction: the caller's, when `db` is already one (nested calls reuse it),
 * else a new one committed when `work` resolves and rolled back when it throws.
 */
export async function withTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  // Kysely marks the transaction it hands out with `isTransaction`; that is the one we were given.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
  if (db.isTransaction) return work(db as Transaction<Database>);
  const unit: Unit = { root: db, afterEnd: [], recordsAfterEnd: [] };
  try {
    return await db.transaction().execute((trx) => {
      units.set(trx, unit);
      return work(trx);
    });
  } finally {
    for (const write of unit.recordsAfterEnd) await write(db);
    if (unit.afterEnd.length > 0)
      await db.insertInto('audit_events').values(unit.afterEnd).execute();
  }
}

/**
 * Write what a refusal records (a family's "no" on the consent ledger) so that it survives the
 * rollback the refusal causes: in its own transaction now, or, inside a unit of work (say, an
 * idempotent create's), once that unit has ended.
 */
export async function recordThroughRollback(
  db: Kysely<Database>,
  write: (trx: Transaction<Database>) => Promise<void>,
): Promise<void> {
  const unit = units.get(db);
  if (unit) unit.recordsAfterEnd.push((root) => withTransaction(root, write));
  else await withTransaction(db, write);
}

/**
 * Keep an audit row until the unit of work `db` belongs to has ended (committed or rolled back),
 * so that it is written whatever happens to the unit. False when `db` is not a unit of work's
 * transaction: the caller writes the row itself.
 */
export function deferUntilUnitEnds(db: Kysely<Database>, row: AuditRow): boolean {
  const unit = units.get(db);
  if (!unit) return false;
  unit.afterEnd.push(row);
  return true;
}
