/**
 * Storage primitives for a step's effects: notifications written, deadlines opened. What to
 * notify and open is decided by the journey engine (core/journey/step-effects.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DeadlinePlan } from '../../core/journey/index.js';
import type { Database } from '../db/index.js';
import { queueEmails, usersWithRoles } from '../outbox/enqueue.js';
import type { RequestContext } from './request-context.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Notify a user, or everyone with the given roles in an agency. */
export async function notify(
  trx: Db,
  ctx: RequestContext,
  n: {
    userId?: string;
    agencyId?: string;
    roles?: readonly string[];
    kind: string;
    text: string;
    objectId: string;
  },
): Promise<void> {
  const base = {
    kind: n.kind,
    text: n.text,
    object_type: 'work-item',
    object_id: n.objectId,
    created_at: ctx.now,
    read_at: null,
  };
  // Those who chose email also get one, through the outbox, in this same transaction.
  const email = { kind: n.kind, objectType: 'work-item', objectId: n.objectId };
  if (n.userId !== undefined) {
    await trx
      .insertInto('notifications')
      .values({ id: randomUUID(), user_id: n.userId, agency_id: null, role: null, ...base })
      .execute();
    await queueEmails(trx, ctx.now, [n.userId], email);
    return;
  }
  if (n.agencyId !== undefined)
    await queueEmails(trx, ctx.now, await usersWithRoles(trx, n.agencyId, n.roles ?? []), email);
  for (const role of n.roles ?? []) {
    await trx
      .insertInto('notifications')
      .values({ id: randomUUID(), user_id: null, agency_id: n.agencyId ?? null, role, ...base })
      .execute();
  }
}

/** Open deadlines for a work item. */
export async function openDeadlines(
  db: Db,
  ctx: RequestContext,
  workItemId: string,
  deadlines: readonly DeadlinePlan[],
  ownerAgencyId: string,
  ownerUserId: string | null,
): Promise<void> {
  for (const d of deadlines) {
    await db
      .insertInto('deadlines')
      .values({
        id: randomUUID(),
        work_item_id: workItemId,
        timescale_id: d.timescaleId,
        name: d.name,
        due: d.due,
        citation: JSON.stringify(d.citation),
        owner_agency_id: ownerAgencyId,
        owner_user_id: ownerUserId,
        opened_at: ctx.now,
        met_at: null,
      })
      .execute();
  }
}
