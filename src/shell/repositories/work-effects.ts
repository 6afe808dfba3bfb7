/**
 * What a step does besides changing state: deadlines opened, notifications sent.
 * Called inside the work repository's transactions.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DeadlinePlan, Party } from '../../core/journey/index.js';
import type { Database } from '../db/index.js';
import type { RequestContext } from './request-context.js';
import type { WorkItem } from './work-items.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Notify a party the pack names for a step. */
export async function notifyParty(
  trx: Db,
  ctx: RequestContext,
  item: WorkItem,
  party: Party,
  text: string,
): Promise<void> {
  switch (party) {
    case 'referrer': {
      if (item.subjectType !== 'contact') return;
      const c = await trx
        .selectFrom('contacts')
        .select('referrer_user_id')
        .where('id', '=', item.subjectId)
        .executeTakeFirst();
      if (c?.referrer_user_id)
        await notify(trx, ctx, {
          userId: c.referrer_user_id,
          kind: 'referral-outcome',
          text: `Outcome of your contact: ${text}`,
          objectId: item.id,
        });
      return;
    }
    case 'lead-professional':
    case 'allocated-worker':
      if (item.leadProfessional?.userId)
        await notify(trx, ctx, {
          userId: item.leadProfessional.userId,
          kind: 'allocation',
          text,
          objectId: item.id,
        });
      return;
    case 'team-manager':
      await notify(trx, ctx, {
        agencyId: item.ownerAgencyId,
        roles: ['team-manager'],
        kind: 'team',
        text,
        objectId: item.id,
      });
      return;
    case 'requester':
    case 'family':
    case 'front-door':
    case 'early-help-hub':
      // Letters to families and messages to other teams are recorded on the timeline; delivery comes later.
      return;
  }
}

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
  if (n.userId !== undefined) {
    await trx
      .insertInto('notifications')
      .values({ id: randomUUID(), user_id: n.userId, agency_id: null, role: null, ...base })
      .execute();
    return;
  }
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
