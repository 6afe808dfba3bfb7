/**
 * Storage for social care recording: what is recorded on a piece of statutory work (merged into
 * its `data`, the version checked so a stale form never overwrites a colleague's save), the
 * visits to a child, and the steps already taken on the work (CIN reviews, conferences) that the
 * recording pages show rather than ask again. Callers (the use-cases) check access and audit.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import { TIMESCALE_IDS } from '../../core/policy/index.js';
import type { SeenAlone } from '../../core/returns/index.js';
import type { Database } from '../db/index.js';
import type { WorkItem } from './work-items.js';

/** Merge `patch` into the work's `data` (one level deep for objects), bumping its version. */
export async function saveWorkData(
  db: Kysely<Database>,
  item: WorkItem,
  patch: Record<string, Record<string, unknown>>,
  expectedVersion: number,
): Promise<void> {
  if (item.version !== expectedVersion) throw new BatonError('BATON_STALE_EDIT');
  const data: Record<string, unknown> = { ...item.data };
  for (const [key, value] of Object.entries(patch)) {
    const before = data[key];
    data[key] = {
      ...(typeof before === 'object' && before !== null ? before : {}),
      ...value,
    };
  }
  const res = await db
    .updateTable('work_items')
    .set({ data: JSON.stringify(data), version: item.version + 1 })
    .where('id', '=', item.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new BatonError('BATON_STALE_EDIT');
}

/** A visit to a child, as stored. */
export interface VisitRow {
  id: string;
  childId: string;
  workItemId: string | null;
  visitedOn: string;
  seen: boolean;
  seenAlone: SeenAlone | null;
  reason: string | null;
  seenByName: string;
  seenByUserId: string | null;
  recordedAt: string;
}

/** Record one visit. */
export async function insertVisit(
  db: Kysely<Database>,
  visit: Omit<VisitRow, 'id' | 'recordedAt'>,
  recordedBy: string,
  now: string,
): Promise<VisitRow> {
  const id = randomUUID();
  await db
    .insertInto('child_visits')
    .values({
      id,
      child_id: visit.childId,
      work_item_id: visit.workItemId,
      visited_on: visit.visitedOn,
      seen: visit.seen ? 1 : 0,
      seen_alone: visit.seenAlone,
      reason: visit.reason,
      seen_by_name: visit.seenByName,
      seen_by_user_id: visit.seenByUserId,
      recorded_by: recordedBy,
      recorded_at: now,
    })
    .execute();
  return { ...visit, id, recordedAt: now };
}

/** The child's visits, latest first. */
export async function listVisits(db: Kysely<Database>, childId: string): Promise<VisitRow[]> {
  const rows = await db
    .selectFrom('child_visits')
    .selectAll()
    .where('child_id', '=', childId)
    .orderBy('visited_on', 'desc')
    .orderBy('recorded_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    childId: r.child_id,
    workItemId: r.work_item_id,
    visitedOn: r.visited_on,
    seen: r.seen === 1,
    seenAlone: r.seen_alone as SeenAlone | null,
    reason: r.reason,
    seenByName: r.seen_by_name,
    seenByUserId: r.seen_by_user_id,
    recordedAt: r.recorded_at,
  }));
}

/** A step taken on the work, as the recording pages show it. */
export interface TakenStep {
  transitionId: string;
  occurredOn: string;
  payload: Record<string, unknown>;
}

/** The steps applied on a piece of work, oldest first. */
export async function appliedSteps(db: Kysely<Database>, workItemId: string): Promise<TakenStep[]> {
  const rows = await db
    .selectFrom('transitions')
    .select(['transition_id', 'occurred_at', 'requested_at', 'payload'])
    .where('work_item_id', '=', workItemId)
    .where('status', '=', 'applied')
    .orderBy('requested_at')
    .execute();
  return rows.map((r) => ({
    transitionId: r.transition_id,
    occurredOn: (r.occurred_at ?? r.requested_at).slice(0, 10),
    payload: JSON.parse(r.payload) as Record<string, unknown>,
  }));
}

/** A Baton user's display name, or null. */
export async function userName(db: Kysely<Database>, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom('users')
    .select('display_name')
    .where('id', '=', userId)
    .executeTakeFirst();
  return row?.display_name ?? null;
}

/** The ICPC's target: the due day of the `icpc` deadline the strategy discussion opened, or null. */
export async function icpcTargetOf(
  db: Kysely<Database>,
  workItemId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('deadlines')
    .select('due')
    .where('work_item_id', '=', workItemId)
    .where('timescale_id', '=', TIMESCALE_IDS.icpc)
    .orderBy('opened_at', 'desc')
    .executeTakeFirst();
  return row === undefined ? null : row.due.slice(0, 10);
}

/** Colleagues in the agency who may have visited: its active social workers and team managers. */
export async function visitColleagues(
  db: Kysely<Database>,
  agencyId: string,
): Promise<{ userId: string; name: string }[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.display_name'])
    .where('users.active', '=', 1)
    .where('users.agency_id', '=', agencyId)
    .where('user_roles.role', 'in', ['social-worker', 'team-manager'])
    .distinct()
    .orderBy('users.display_name')
    .execute();
  return rows.map((r) => ({ userId: r.id, name: r.display_name }));
}
