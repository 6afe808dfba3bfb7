/**
 * The one place a step's effects are carried out. The journey engine decided them
 * (core/journey/step-effects.ts); this applies each, in order, inside the caller's unit of work,
 * and decides nothing: no rule of the journey lives here.
 */
import type { Kysely } from 'kysely';
import type { Effect } from '../../core/journey/index.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import type { Database } from '../db/index.js';
import { addInvolvement, appendTimeline, endInvolvementsGrantedFor } from './child-access.js';
import type { RequestContext } from './request-context.js';
import { recordEvent } from '../outbox/enqueue.js';
import { notify, openDeadlines } from './work-effects.js';
import { insertStartingAssessment } from './starting-assessment-repository.js';
import { startWork } from './work-start.js';
import { londonDay } from '../../core/calendar/index.js';

/** Apply a step's effects (inside the caller's transaction). Returns the ids of work started. */
export async function applyEffects(
  trx: Kysely<Database>,
  ctx: RequestContext,
  pack: ResolvedPack,
  effects: readonly Effect[],
): Promise<string[]> {
  const started: string[] = [];
  for (const effect of effects) {
    const id = await applyEffect(trx, ctx, pack, effect);
    if (id !== null) started.push(id);
  }
  return started;
}

async function applyEffect(
  trx: Kysely<Database>,
  ctx: RequestContext,
  pack: ResolvedPack,
  effect: Effect,
): Promise<string | null> {
  switch (effect.kind) {
    case 'set-state': {
      const row = await trx
        .selectFrom('work_items')
        .select('events')
        .where('id', '=', effect.workItemId)
        .executeTakeFirstOrThrow();
      const events = JSON.parse(row.events) as { id: string; on: string }[];
      await trx
        .updateTable('work_items')
        .set({
          state: effect.state,
          events: JSON.stringify([...events, effect.event]),
          ...(effect.closedAt !== null ? { closed_at: effect.closedAt } : {}),
        })
        .where('id', '=', effect.workItemId)
        .execute();
      if (effect.closedAt !== null)
        await recordEvent(trx, ctx.now, 'work.closed', {
          workItemId: effect.workItemId,
          state: effect.state,
        });
      return null;
    }
    case 'set-level':
      await trx
        .updateTable('work_items')
        .set({ level: effect.level })
        .where('id', '=', effect.workItemId)
        .execute();
      return null;
    case 'set-lead-professional':
      await trx
        .updateTable('work_items')
        .set({
          lead_professional_name: effect.lead.name,
          lead_professional_agency: effect.lead.agency,
          lead_professional_user_id: effect.lead.userId,
        })
        .where('id', '=', effect.workItemId)
        .execute();
      return null;
    case 'assign-deadlines':
      await trx
        .updateTable('deadlines')
        .set({ owner_user_id: effect.ownerUserId })
        .where('work_item_id', '=', effect.workItemId)
        .where('met_at', 'is', null)
        .execute();
      return null;
    case 'request-step':
      await trx
        .insertInto('transitions')
        .values({
          id: effect.recordId,
          work_item_id: effect.workItemId,
          transition_id: effect.transitionId,
          from_state: effect.from,
          to_state: effect.to,
          outcome: effect.outcome,
          status: 'awaiting-authorisation',
          payload: JSON.stringify(effect.payload),
          pack_id: pack.id,
          pack_version: pack.version,
          requested_by: effect.requestedBy,
          requested_at: ctx.now,
          decided_by: null,
          decided_at: null,
          decision_note: null,
          occurred_at: effect.occurredAt,
          citations: JSON.stringify(effect.citations),
        })
        .execute();
      await recordEvent(trx, ctx.now, 'step.awaiting-authorisation', {
        workItemId: effect.workItemId,
        transitionRecordId: effect.recordId,
        transitionId: effect.transitionId,
        outcome: effect.outcome,
      });
      return null;
    case 'hand-over':
      await trx
        .updateTable('work_items')
        .set({ owner_agency_id: effect.toAgencyId })
        .where('id', '=', effect.workItemId)
        .execute();
      await trx
        .updateTable('deadlines')
        .set({ owner_agency_id: effect.toAgencyId, owner_user_id: null })
        .where('work_item_id', '=', effect.workItemId)
        .where('met_at', 'is', null)
        .execute();
      return null;
    case 'close-deadlines': {
      let q = trx
        .updateTable('deadlines')
        .set({ met_at: effect.at })
        .where('work_item_id', '=', effect.workItemId)
        .where('met_at', 'is', null);
      if (effect.timescaleIds !== 'all')
        q = q.where('timescale_id', 'in', [...effect.timescaleIds]);
      await q.execute();
      return null;
    }
    case 'open-deadlines':
      await openDeadlines(
        trx,
        ctx,
        effect.workItemId,
        effect.deadlines,
        effect.ownerAgencyId,
        effect.ownerUserId,
      );
      return null;
    case 'involve':
      for (const childId of effect.childIds)
        await addInvolvement(trx, {
          childId,
          agencyId: effect.agencyId,
          userId: effect.userId,
          role: effect.role,
          from: effect.from,
          now: ctx.now,
          grantedFor: effect.grantedFor,
        });
      return null;
    case 'end-involvements':
      await endInvolvementsGrantedFor(trx, effect.grantedFor, effect.on);
      return null;
    case 'notify':
      await notify(trx, ctx, {
        ...('userId' in effect.to
          ? { userId: effect.to.userId }
          : { agencyId: effect.to.agencyId, roles: effect.to.roles }),
        kind: effect.notification,
        text: effect.text,
        objectId: effect.workItemId,
      });
      return null;
    case 'timeline':
      for (const childId of effect.childIds)
        await appendTimeline(trx, {
          childId,
          at: ctx.now,
          kind: effect.entry,
          summary: effect.summary,
          objectType: effect.objectType,
          objectId: effect.objectId,
          actorUserId: ctx.actor?.userId ?? null,
        });
      return null;
    case 'start-work': {
      const id = await startWork(trx, ctx, {
        pack,
        workflowId: effect.workflowId,
        state: effect.state,
        deadlines: [...effect.deadlines],
        subjectType: 'child',
        subjectId: effect.subjectId,
        childIds: effect.childIds,
        level: effect.level,
        ownerAgencyId: effect.ownerAgencyId,
        leadProfessional: effect.lead,
        data: { steppedFrom: effect.steppedFrom },
        beganAt: effect.beganAt,
      });
      // The episode starts from the social care record, as the core decided (a draft to check).
      if (effect.assessment !== null && ctx.actor)
        await insertStartingAssessment(
          trx,
          ctx,
          { id, childIds: effect.childIds },
          effect.assessment,
          ctx.actor.userId,
        );
      if (effect.tellLead !== null && effect.lead?.userId)
        await notify(trx, ctx, {
          userId: effect.lead.userId,
          kind: 'allocation',
          text: effect.tellLead,
          objectId: id,
        });
      // The new owner and lead professional can see the children they now hold.
      for (const childId of effect.childIds)
        await addInvolvement(trx, {
          childId,
          agencyId: effect.ownerAgencyId,
          userId: effect.lead?.userId ?? null,
          role: effect.involvementRole,
          from: londonDay(ctx.now),
          now: ctx.now,
        });
      const from = await trx
        .selectFrom('work_items')
        .select('data')
        .where('id', '=', effect.steppedFrom.workItemId)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('work_items')
        .set({
          data: JSON.stringify({
            ...(JSON.parse(from.data) as Record<string, unknown>),
            followedBy: { workItemId: id, workflowId: effect.workflowId },
          }),
        })
        .where('id', '=', effect.steppedFrom.workItemId)
        .execute();
      return id;
    }
  }
}
