/**
 * The child's timeline, page by page, newest first: everything that happened on the record in
 * one list. Entries are written with `appendTimeline` (child-access.ts) in the transaction of the
 * change they describe.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { appendAudit } from './audit-repository.js';
import { authoriseChild } from './child-access.js';
import type { RequestContext } from './request-context.js';
import type { TimelineItem, TimelinePage } from '../schemas/index.js';

export type { TimelineItem, TimelinePage };

/** One page of the child's timeline, newest first (checked and audited). */
export async function getTimeline(
  db: Kysely<Database>,
  ctx: RequestContext,
  childId: string,
  page: { before?: string | undefined; limit?: number | undefined },
): Promise<TimelinePage> {
  await authoriseChild(db, ctx, childId, 'read', { action: 'child.timeline.read' });
  await appendAudit(db, ctx, {
    action: 'child.timeline.read',
    objectType: 'child',
    objectId: childId,
    outcome: 'allowed',
  });
  return timelineRows(db, childId, page.before, page.limit ?? 25);
}

/** Timeline rows, newest first; `before` is the cursor from the previous page. */
export async function timelineRows(
  db: Kysely<Database>,
  childId: string,
  before: string | undefined,
  limit: number,
): Promise<TimelinePage> {
  const size = Math.max(1, Math.min(limit, 200));
  let q = db
    .selectFrom('child_timeline')
    .leftJoin('users', 'users.id', 'child_timeline.actor_user_id')
    .selectAll('child_timeline')
    .select('users.display_name')
    .where('child_timeline.child_id', '=', childId);
  const cursor = parseCursor(before);
  if (cursor) {
    q = q.where((eb) =>
      eb.or([
        eb('child_timeline.at', '<', cursor.at),
        eb.and([eb('child_timeline.at', '=', cursor.at), eb('child_timeline.id', '<', cursor.id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('child_timeline.at', 'desc')
    .orderBy('child_timeline.id', 'desc')
    .limit(size + 1)
    .execute();
  const items = rows.slice(0, size).map((r) => ({
    id: r.id,
    at: r.at,
    kind: r.kind,
    summary: r.summary,
    objectType: r.object_type,
    objectId: r.object_id,
    actorName: r.display_name,
  }));
  const last = items.at(-1);
  return {
    items,
    nextBefore: rows.length > size && last ? `${last.at}~${last.id}` : null,
  };
}

function parseCursor(before: string | undefined): { at: string; id: string } | null {
  if (before === undefined || before === '') return null;
  const i = before.indexOf('~');
  if (i < 0) return { at: before, id: '' };
  return { at: before.slice(0, i), id: before.slice(i + 1) };
}
