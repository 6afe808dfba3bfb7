/**
 * "Due and overdue" for my work: a keyset page of the open deadlines I or my team own, in due
 * order, and how many there are overdue, due soon and later — counted by the database along the
 * partial indexes on open deadlines (migrations 0009 and 0011), never by reading the rows.
 *
 * "Mine or my team's" is read as two lists, each in index order and stopping at the page size,
 * merged here: one query with OR made the database sort every open deadline of the team first.
 */
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { Actor } from '../../core/access/index.js';
import { addWorkingDays, DUE_SOON_WORKING_DAYS, londonDay } from '../../core/calendar/index.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import { calendarForPack } from '../calendar/index.js';
import type { Database } from '../db/index.js';
import { encodeCursor, type DeadlineKey, type PageRequest } from './my-work-cursor.js';
import { compare, mergeById } from './my-work-lists.js';

/** Deadlines a page of my work shows. */
export const DEADLINE_PAGE_SIZE = 25;

export interface DeadlineRow {
  id: string;
  name: string;
  due: string;
  owner_user_id: string | null;
  work_item_id: string;
  pack_id: string;
  workflow_id: string;
}

export interface DeadlinePage {
  rows: DeadlineRow[];
  /** Tokens for the pages before and after this one (null at either end). */
  previous: string | null;
  next: string | null;
}

export interface DeadlineCounts {
  /** Past its due date (or, for an hour-based deadline, its due time). */
  overdue: number;
  /** Due today or within `dueSoonWorkingDays` working days. */
  dueSoon: number;
  later: number;
  total: number;
  dueSoonWorkingDays: number;
  /** The first due date counted as "later". */
  laterFrom: string;
}

type Owner = { column: 'owner_user_id' | 'owner_agency_id'; id: string };
type DeadlineEb = ExpressionBuilder<Database, 'deadlines'>;

const owners = (actor: Actor): Owner[] => [
  { column: 'owner_user_id', id: actor.userId },
  { column: 'owner_agency_id', id: actor.agencyId },
];

/** One owner's open deadlines from a key onwards (or backwards), in due order. */
function ownedFrom(
  db: Kysely<Database>,
  owner: Owner,
  from: { key: DeadlineKey; op: '>' | '<' } | null,
  limit: number,
) {
  const desc = from?.op === '<';
  let q = db
    .selectFrom('deadlines')
    .innerJoin('work_items', 'work_items.id', 'deadlines.work_item_id')
    .select([
      'deadlines.id',
      'deadlines.name',
      'deadlines.due',
      'deadlines.owner_user_id',
      'deadlines.work_item_id',
      'work_items.pack_id',
      'work_items.workflow_id',
    ])
    .where('deadlines.met_at', 'is', null)
    .where(`deadlines.${owner.column}`, '=', owner.id);
  if (from)
    q = q.where((eb) =>
      eb(
        eb.refTuple('deadlines.due', 'deadlines.id'),
        from.op,
        eb.tuple(from.key.due, from.key.id),
      ),
    );
  const dir = desc ? 'desc' : 'asc';
  return q.orderBy('deadlines.due', dir).orderBy('deadlines.id', dir).limit(limit).execute();
}

/** Is there an open deadline of mine or my team's on that side of the key? */
async function anyBeyond(
  db: Kysely<Database>,
  actor: Actor,
  key: DeadlineKey,
  op: '>' | '<',
): Promise<boolean> {
  const found = await Promise.all(
    owners(actor).map((o) =>
      db
        .selectFrom('deadlines')
        .select('id')
        .where('met_at', 'is', null)
        .where(o.column, '=', o.id)
        .where((eb) => eb(eb.refTuple('due', 'id'), op, eb.tuple(key.due, key.id)))
        // Nearest first, so that the database starts its index walk at the key.
        .orderBy('due', op === '<' ? 'desc' : 'asc')
        .orderBy('id', op === '<' ? 'desc' : 'asc')
        .limit(1)
        .executeTakeFirst(),
    ),
  );
  return found.some((r) => r !== undefined);
}

/** The page of my and my team's open deadlines that `request` asks for. */
export async function deadlinePage(
  db: Kysely<Database>,
  actor: Actor,
  request: PageRequest,
): Promise<DeadlinePage> {
  const size = DEADLINE_PAGE_SIZE;
  const from =
    request.kind === 'first'
      ? null
      : { key: request.key, op: request.kind === 'after' ? ('>' as const) : ('<' as const) };
  const sign = from?.op === '<' ? -1 : 1;
  const lists = await Promise.all(owners(actor).map((o) => ownedFrom(db, o, from, size + 1)));
  const merged = mergeById(
    lists[0] ?? [],
    lists[1] ?? [],
    (a, b) => sign * (compare(a.due, b.due) || compare(a.id, b.id)),
  );
  const more = merged.length > size;
  const rows = merged.slice(0, size);
  // Paging back reached the start: show the whole first page rather than a short one.
  if (request.kind === 'before' && !more) return deadlinePage(db, actor, { kind: 'first' });
  if (sign < 0) rows.reverse();
  const first = rows[0];
  const last = rows.at(-1);
  const token = (row: { due: string; id: string }) => encodeCursor({ due: row.due, id: row.id });
  switch (request.kind) {
    case 'first':
      return { rows, previous: null, next: more && last ? token(last) : null };
    case 'after': {
      const anchor = first ?? request.key;
      const before = await anyBeyond(db, actor, anchor, '<');
      return {
        rows,
        previous: before ? token(anchor) : null,
        next: more && last ? token(last) : null,
      };
    }
    case 'before': {
      const anchor = last ?? request.key;
      const after = await anyBeyond(db, actor, anchor, '>');
      return { rows, previous: first ? token(first) : null, next: after ? token(anchor) : null };
    }
  }
}

/** Overdue, due soon and later among my and my team's open deadlines, counted in SQL. */
export async function deadlineCounts(
  db: Kysely<Database>,
  actor: Actor,
  pack: ResolvedPack,
  now: string,
): Promise<DeadlineCounts> {
  const today = londonDay(now);
  // "Due soon" is at most DUE_SOON_WORKING_DAYS working days left (deadlineStatus): everything
  // before the next working day after those is soon.
  const laterFrom = addWorkingDays(calendarForPack(pack, now), today, DUE_SOON_WORKING_DAYS + 1);
  // Dates and hour-based times share the column and sort as text ('2026-11-23' <
  // '2026-11-23T09:00…' < '2026-11-24'): a date due today is not overdue until tomorrow, a time
  // earlier today already is. So overdue is everything before now but today's date, and soon is
  // today's date or from now until `laterFrom`.
  const buckets: Record<'overdue' | 'soon' | 'later', (eb: DeadlineEb) => Expression<SqlBool>> = {
    overdue: (eb) => eb.and([eb('due', '<', now), eb('due', '!=', today)]),
    soon: (eb) =>
      eb.and([
        eb('due', '>=', today),
        eb('due', '<', laterFrom),
        eb.or([eb('due', '=', today), eb('due', '>=', now)]),
      ]),
    later: (eb) => eb('due', '>=', laterFrom),
  };
  // Each count is one range of a partial index on open deadlines (my team's by agency, mine held
  // in another agency by owner), all in one statement: a range count reads no rows, where one
  // pass with a filter per bucket cost three times as much.
  const count = (bucket: keyof typeof buckets, team: boolean) =>
    db
      .selectFrom('deadlines')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('met_at', 'is', null)
      .where((eb) =>
        team
          ? eb('owner_agency_id', '=', actor.agencyId)
          : eb.and([
              eb('owner_user_id', '=', actor.userId),
              eb('owner_agency_id', '!=', actor.agencyId),
            ]),
      )
      .where(buckets[bucket]);
  const row = await db
    .selectNoFrom([
      count('overdue', true).as('overdue'),
      count('soon', true).as('soon'),
      count('later', true).as('later'),
      count('overdue', false).as('my_overdue'),
      count('soon', false).as('my_soon'),
      count('later', false).as('my_later'),
    ])
    .executeTakeFirstOrThrow();
  const overdue = Number(row.overdue) + Number(row.my_overdue);
  const dueSoon = Number(row.soon) + Number(row.my_soon);
  const later = Number(row.later) + Number(row.my_later);
  return {
    overdue,
    dueSoon,
    later,
    total: overdue + dueSoon + later,
    dueSoonWorkingDays: DUE_SOON_WORKING_DAYS,
    laterFrom,
  };
}
