/**
 * Where a person's id is stored, and how a merge moves those references (issue 3, "Person
 * matching at intake"). Shared by the merge, its undo and its preview; not part of the
 * repositories' public index.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Database } from '../db/index.js';

type Trx = Transaction<Database>;

/*
 * Where a person's id is stored. Table and column names below are fixed here and never come from
 * a request; they are spliced into SQL with `sql.table` / `sql.ref`, which quote them.
 */

/** Columns in tables whose rows have their own `id`: rows are re-pointed one by one. */
export const ROW_REFERENCES = [
  { table: 'relationships', column: 'child_id', label: 'relationships (as the child)' },
  { table: 'relationships', column: 'person_id', label: 'relationships (as the adult)' },
  { table: 'involvements', column: 'child_id', label: 'involvements' },
  { table: 'consents', column: 'child_id', label: 'consent records' },
  { table: 'consents', column: 'given_by_person_id', label: 'consents given' },
  { table: 'sharing_decisions', column: 'child_id', label: 'information-sharing decisions' },
  { table: 'child_timeline', column: 'child_id', label: 'timeline entries' },
  {
    table: 'work_items',
    column: 'subject_id',
    label: 'work about the child',
    only: { column: 'subject_type', value: 'child' },
  },
  { table: 'panel_agenda_items', column: 'child_id', label: 'panel agenda items' },
  { table: 'child_visits', column: 'child_id', label: 'visits to the child' },
  { table: 'pre_proceedings', column: 'child_id', label: 'pre-proceedings (PLO)' },
] as const;

/**
 * Person references a merge deliberately leaves where they are: an emergency (break-glass) access
 * is a record of what was opened, under the id that was opened, and stays as it happened.
 */
export const REFERENCES_LEFT_IN_PLACE = [{ table: 'break_glass', column: 'child_id' }] as const;

/**
 * Link tables keyed by (other, person): a row whose twin already points at the kept person would
 * collide, so it is removed and written down, to be put back by an undo.
 */
export const PAIR_REFERENCES = [
  {
    table: 'contact_people',
    column: 'person_id',
    other: 'contact_id',
    extra: 'role',
    label: 'contacts',
  },
  {
    table: 'work_item_children',
    column: 'child_id',
    other: 'work_item_id',
    extra: null,
    label: 'work items',
  },
  { table: 'person_keys', column: 'person_id', other: 'key', extra: null, label: 'matching keys' },
] as const;

const CHUNK = 500;
const chunks = <T>(xs: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
};

/** The ids of rows in `table` whose `column` holds `personId`. */
export async function rowIds(
  db: Kysely<Database>,
  ref: (typeof ROW_REFERENCES)[number],
  personId: string,
): Promise<string[]> {
  const filter = 'only' in ref ? sql` and ${sql.ref(ref.only.column)} = ${ref.only.value}` : sql``;
  const result = await sql<{ id: string }>`select id from ${sql.table(ref.table)} where ${sql.ref(
    ref.column,
  )} = ${personId}${filter} order by id`.execute(db);
  return result.rows.map((r) => r.id);
}

/** Point the listed rows' `column` from one person to another. */
export async function repointRows(
  trx: Trx,
  ref: { table: string; column: string },
  ids: readonly string[],
  from: string,
  to: string,
): Promise<void> {
  for (const part of chunks(ids)) {
    await sql`update ${sql.table(ref.table)} set ${sql.ref(ref.column)} = ${to} where ${sql.ref(
      ref.column,
    )} = ${from} and id in (${sql.join(part)})`.execute(trx);
  }
}

/** The (other, extra) pairs in a link table that hold `personId`. */
export async function pairRows(
  db: Kysely<Database>,
  ref: (typeof PAIR_REFERENCES)[number],
  personId: string,
): Promise<{ other: string; extra: string | null }[]> {
  const extra = ref.extra === null ? sql`null` : sql.ref(ref.extra);
  const result = await sql<{ other: string; extra: string | null }>`select ${sql.ref(
    ref.other,
  )} as other, ${extra} as extra from ${sql.table(ref.table)} where ${sql.ref(
    ref.column,
  )} = ${personId} order by ${sql.ref(ref.other)}`.execute(db);
  return result.rows;
}

/** Point the listed link rows from one person to another. */
export async function repointPairs(
  trx: Trx,
  ref: (typeof PAIR_REFERENCES)[number],
  others: readonly string[],
  from: string,
  to: string,
): Promise<void> {
  for (const part of chunks(others)) {
    await sql`update ${sql.table(ref.table)} set ${sql.ref(ref.column)} = ${to} where ${sql.ref(
      ref.column,
    )} = ${from} and ${sql.ref(ref.other)} in (${sql.join(part)})`.execute(trx);
  }
}

/** Remove the listed link rows of one person. */
export async function deletePairs(
  trx: Trx,
  ref: (typeof PAIR_REFERENCES)[number],
  others: readonly string[],
  personId: string,
): Promise<void> {
  for (const part of chunks(others)) {
    await sql`delete from ${sql.table(ref.table)} where ${sql.ref(
      ref.column,
    )} = ${personId} and ${sql.ref(ref.other)} in (${sql.join(part)})`.execute(trx);
  }
}

/** Put a removed link row back, unless its twin is already there. */
export async function insertPair(
  trx: Trx,
  ref: (typeof PAIR_REFERENCES)[number],
  personId: string,
  row: { other: string; extra: string | null },
): Promise<void> {
  const exists = await sql<{
    n: number;
  }>`select 1 as n from ${sql.table(ref.table)} where ${sql.ref(
    ref.column,
  )} = ${personId} and ${sql.ref(ref.other)} = ${row.other}`.execute(trx);
  if (exists.rows.length > 0) return;
  if (ref.extra === null)
    await sql`insert into ${sql.table(ref.table)} (${sql.ref(ref.column)}, ${sql.ref(
      ref.other,
    )}) values (${personId}, ${row.other})`.execute(trx);
  else
    await sql`insert into ${sql.table(ref.table)} (${sql.ref(ref.column)}, ${sql.ref(
      ref.other,
    )}, ${sql.ref(ref.extra)}) values (${personId}, ${row.other}, ${row.extra})`.execute(trx);
}

/** A record cannot be merged with itself. */
export function checkPair(a: string, b: string): void {
  if (a === b)
    throw new BatonError('BATON_VALIDATION', {
      details: [{ path: 'mergedId', message: 'Choose two different records' }],
    });
}

/** What would move if this person were merged away, table by table (matching keys left out). */
export async function referenceCounts(db: Kysely<Database>, id: string) {
  const counts: { label: string; count: number }[] = [];
  for (const ref of ROW_REFERENCES) {
    const n = (await rowIds(db, ref, id)).length;
    if (n > 0) counts.push({ label: ref.label, count: n });
  }
  for (const ref of PAIR_REFERENCES) {
    if (ref.table === 'person_keys') continue;
    const n = (await pairRows(db, ref, id)).length;
    if (n > 0) counts.push({ label: ref.label, count: n });
  }
  return counts;
}

/**
 * Involvements with the duplicate that a merge leaves behind: the merging user's own, and any
 * written when that user created the duplicate. Moving them would give the merging user lasting
 * access to the record kept: break glass on a child, add a duplicate, merge it in (issue 13
 * item 2). They stay with the duplicate, which an undo brings back as it was.
 */
export async function involvementsLeftBehind(
  db: Kysely<Database>,
  mergedId: string,
  userId: string,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('involvements')
    .innerJoin('people', 'people.id', 'involvements.child_id')
    .select('involvements.id')
    .where('involvements.child_id', '=', mergedId)
    .where((eb) =>
      eb.or([
        eb('involvements.user_id', '=', userId),
        eb.and([
          eb('people.created_by', '=', userId),
          eb('involvements.created_at', '=', eb.ref('people.created_at')),
        ]),
      ]),
    )
    .execute();
  return new Set(rows.map((r) => r.id));
}
