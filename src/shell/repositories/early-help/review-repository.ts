/** Reviews of the plan: what changed, what was decided, and the journey step it took. */
import { withTransaction } from '../../db/unit-of-work.js';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import type { RequestContext } from '../request-context.js';
import type { WorkItem } from '../work-repository.js';
import { actorOf, audited, onTimeline } from './early-help-shared.js';
import type { ReviewView } from './early-help-views.js';

/** A review as the episode shows it. */
export function toReviewView(r: Database['eh_reviews']): ReviewView {
  return {
    id: r.id,
    meetingId: r.meeting_id,
    reviewDate: r.review_date,
    plannedDate: r.planned_date,
    broughtForwardReason: r.brought_forward_reason,
    outcome: r.outcome,
    decision: r.decision,
    summary: r.summary,
    transitionId: r.transition_id,
    transitionStatus: r.transition_status,
    createdAt: r.created_at,
    version: r.version,
  };
}

/** Store a review after the journey has taken (or queued) the step it decided. */
export async function insertReview(
  db: Kysely<Database>,
  ctx: RequestContext,
  item: WorkItem,
  r: {
    meetingId: string | null;
    reviewDate: string;
    plannedDate: string | null;
    broughtForwardReason: string | null;
    outcome: string;
    decision: string;
    summary: string;
    transitionId: string;
    transitionRecordId: string;
    transitionStatus: string;
  },
): Promise<string> {
  const actor = actorOf(ctx);
  const id = randomUUID();
  await withTransaction(db, async (trx) => {
    await trx
      .insertInto('eh_reviews')
      .values({
        id,
        work_item_id: item.id,
        meeting_id: r.meetingId,
        review_date: r.reviewDate,
        planned_date: r.plannedDate,
        brought_forward_reason: r.broughtForwardReason,
        outcome: r.outcome,
        decision: r.decision,
        summary: r.summary,
        transition_id: r.transitionId,
        transition_record_id: r.transitionRecordId,
        transition_status: r.transitionStatus,
        created_by: actor.userId,
        created_at: ctx.now,
        version: 1,
      })
      .execute();
    // The date agreed for this review has passed: the next one falls due under the pack's
    // timescale until the plan names a new date.
    await trx
      .updateTable('eh_plans')
      .set((eb) => ({ next_review_date: null, version: eb('version', '+', 1) }))
      .where('work_item_id', '=', item.id)
      .where('next_review_date', 'is not', null)
      .execute();
    await onTimeline(trx, ctx, item, {
      kind: 'early-help.review',
      summary: `Plan reviewed on ${r.reviewDate}${r.broughtForwardReason ? ' (brought forward)' : ''}: ${r.outcome.replaceAll('-', ' ')}; decision: ${r.decision.replaceAll('-', ' ')}`,
      objectType: 'early-help-review',
      objectId: id,
    });
    await audited(trx, ctx, 'early-help.review.add', 'early-help-review', id);
  });
  return id;
}
