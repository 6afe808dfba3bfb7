/**
 * New concerns raised on an open case (Worcestershire 004 Appendix 6), and who keeps
 * responsibility for referring them.
 */
import { withTransaction } from '../../db/unit-of-work.js';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import type { RequestContext } from '../request-context.js';
import type { WorkItem } from '../work-repository.js';
import { actorOf, audited, onTimeline } from './early-help-shared.js';
import type { ConcernView } from './early-help-views.js';
import { londonDay } from '../../../core/calendar/index.js';

/** New concerns as the episode shows them. */
export function toConcernView(c: Database['eh_concerns']): ConcernView {
  return {
    id: c.id,
    concerns: c.concerns,
    raisedByName: c.raised_by_name,
    raisedByAgency: c.raised_by_agency,
    childProtection: c.child_protection === 1,
    frontDoorPhonedAt: c.front_door_phoned_at,
    responsibleName: c.responsible_name,
    responsibleUserId: c.responsible_user_id,
    transitionStatus: c.transition_status,
    createdAt: c.created_at,
    occurredOn: c.occurred_on ?? c.created_at.slice(0, 10),
  };
}

/** Store new concerns raised on an open case, and who keeps responsibility for referring. */
export async function insertConcern(
  db: Kysely<Database>,
  ctx: RequestContext,
  item: WorkItem,
  c: {
    concerns: string;
    raisedByName: string;
    raisedByAgency: string;
    childProtection: boolean;
    frontDoorPhoned: boolean;
    responsibleName: string;
    responsibleUserId: string | null;
    transitionRecordId: string | null;
    transitionStatus: string | null;
    /** The day the concerns arose (default today). */
    occurredOn?: string | undefined;
  },
): Promise<ConcernView> {
  const occurredOn = c.occurredOn ?? londonDay(ctx.now);
  const actor = actorOf(ctx);
  const id = randomUUID();
  await withTransaction(db, async (trx) => {
    await trx
      .insertInto('eh_concerns')
      .values({
        id,
        work_item_id: item.id,
        concerns: c.concerns,
        raised_by_name: c.raisedByName,
        raised_by_agency: c.raisedByAgency,
        child_protection: c.childProtection ? 1 : 0,
        front_door_phoned_at: c.frontDoorPhoned ? ctx.now : null,
        responsible_name: c.responsibleName,
        responsible_user_id: c.responsibleUserId,
        transition_record_id: c.transitionRecordId,
        transition_status: c.transitionStatus,
        created_by: actor.userId,
        created_at: ctx.now,
        occurred_on: occurredOn,
      })
      .execute();
    await onTimeline(trx, ctx, item, {
      kind: 'early-help.new-concerns',
      summary: c.childProtection
        ? `Child protection concern raised by ${c.raisedByName} (${c.raisedByAgency})${c.frontDoorPhoned ? ', telephoned to the front door' : ''}; ${c.responsibleName} keeps responsibility for the referral`
        : `New concerns raised by ${c.raisedByName} (${c.raisedByAgency})`,
      objectType: 'early-help-concern',
      objectId: id,
    });
    await audited(trx, ctx, 'early-help.concern.add', 'early-help-concern', id);
  });
  return {
    id,
    concerns: c.concerns,
    raisedByName: c.raisedByName,
    raisedByAgency: c.raisedByAgency,
    childProtection: c.childProtection,
    frontDoorPhonedAt: c.frontDoorPhoned ? ctx.now : null,
    responsibleName: c.responsibleName,
    responsibleUserId: c.responsibleUserId,
    transitionStatus: c.transitionStatus,
    createdAt: ctx.now,
    occurredOn,
  };
}
