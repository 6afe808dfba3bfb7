/**
 * Deciding a request waiting in a manager's tray: who may, the rules checked again when it is
 * authorised, and a compare-and-set so that a request is decided once.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/access/index.js';
import { londonDay } from '../../core/calendar/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import {
  appliedStepEffects,
  citationsOf,
  decisionEffects,
  mayAuthorise,
  planTransition,
  refusalError,
  type RuleCitation,
  type Transition,
} from '../../core/journey/index.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import { dueDateFor } from '../calendar/index.js';
import type { Database } from '../db/index.js';
import { withTransaction } from '../db/unit-of-work.js';
import { recordEvent } from '../outbox/enqueue.js';
import type { TransitionOutcome } from '../schemas/index.js';
import { appendAudit } from './audit-repository.js';
import { authoriseChild } from './child-access.js';
import { applyEffects } from './effect-applier.js';
import type { RequestContext } from './request-context.js';
import { factsFor, loadWorkItem } from './work-items.js';
import { workflowOf } from './work-start.js';
import {
  agencyOf,
  bumpVersion,
  namedLeadUser,
  packAt,
  settingFor,
  snapshotOf,
} from './work-step-support.js';

/**
 * May the actor authorise or decline a request for this step on work its owner holds? The one
 * rule (core `mayAuthorise`), asked by the tray, the work page and the decision alike.
 */
export function mayDecide(t: Transition, actor: Actor, ownerAgencyId: string): boolean {
  return mayAuthorise(t, actor, ownerAgencyId);
}

/**
 * Authorise or decline a request waiting in the tray. Authorising re-checks the rules now. The
 * decision is a compare-and-set on the request's status: of two managers deciding at once, one
 * wins and the other gets BATON_STALE_EDIT with nothing written.
 */
export async function decideRequest(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  decision: {
    transitionRecordId: string;
    decision: 'authorise' | 'decline';
    note?: string | undefined;
  },
): Promise<TransitionOutcome> {
  const actor = ctx.actor;
  if (!actor) throw new BatonError('BATON_NOT_SIGNED_IN');
  return withTransaction(db, async (trx) => {
    // Claim the request before anything else is read: a decider who comes second waits here for
    // the first to commit and then finds it decided (409). Reading first let the second decider go
    // on to the access check after the first had ended the access granted for the request, and
    // be told 403 instead (seen on PostgreSQL in decision-races.int.test.ts).
    await trx
      .updateTable('transitions')
      .set({ status: 'awaiting-authorisation' })
      .where('id', '=', decision.transitionRecordId)
      .where('status', '=', 'awaiting-authorisation')
      .execute();
    const row = await trx
      .selectFrom('transitions')
      .selectAll()
      .where('id', '=', decision.transitionRecordId)
      .executeTakeFirst();
    if (!row)
      throw new BatonError('BATON_NOT_FOUND', {
        message: 'There is no request waiting with that id.',
      });
    // A request decided a moment ago by someone else: the loser of the race is told so (409).
    if (row.status !== 'awaiting-authorisation')
      throw new BatonError('BATON_STALE_EDIT', {
        message: `This request has already been ${row.status === 'declined' ? 'declined' : 'decided'}. Open the work to see where it stands.`,
      });
    const item = await loadWorkItem(trx, packs, row.work_item_id);
    if (!item) throw new BatonError('BATON_INTERNAL');
    const pack = packAt(packs, item);
    const workflow = workflowOf(pack, item.workflowId);
    const t = workflow.transitions.find((x) => x.id === row.transition_id);
    if (!t || !mayDecide(t, actor, item.ownerAgencyId)) {
      await appendAudit(trx, ctx, {
        action: 'work-item.authorise',
        objectType: 'transition',
        objectId: row.id,
        outcome: 'refused',
        reason: 'not an authoriser of this agency’s work',
      });
      throw new BatonError('BATON_FORBIDDEN', {
        message: `Only ${(t?.authorisedBy ?? []).join(' or ')} can authorise this.`,
      });
    }
    for (const childId of item.childIds)
      await authoriseChild(trx, ctx, childId, 'write', {
        action: 'work-item.authorise',
        objectType: 'transition',
        objectId: row.id,
      });
    if (item.state !== row.from_state) {
      throw new BatonError('BATON_STALE_EDIT', {
        message:
          'The work has moved on since this was requested. Decline it and ask again if it still applies.',
      });
    }
    const note = (decision.note ?? '').trim();
    if (decision.decision === 'decline' && note === '') {
      throw new BatonError('BATON_VALIDATION', {
        details: [
          {
            path: 'note',
            message: 'Say why the request is declined, so the requester can act on it',
          },
        ],
      });
    }
    const payload = JSON.parse(row.payload) as Record<string, unknown>;
    // Deadlines count from when the step happened, never from this decision.
    const occurredAt = row.occurred_at ?? row.requested_at;
    let citations = row.citations;
    const work = await snapshotOf(trx, item);
    const decided = decisionEffects(
      decision.decision,
      t,
      work,
      { id: row.id, requestedBy: row.requested_by, note: decision.note ?? null },
      londonDay(ctx.now),
    );
    let stepEffects: ReturnType<typeof appliedStepEffects> = [];
    if (decision.decision === 'authorise') {
      // Re-plan as the authoriser: the rules are checked again at the moment of the decision.
      const plan = planTransition(
        workflow,
        item.state,
        {
          transitionId: t.id,
          actorRoles: actor.roles,
          agencies: {
            actor: { id: actor.agencyId, kind: actor.agencyKind },
            owner: await agencyOf(trx, item.ownerAgencyId),
          },
          at: occurredAt,
          facts: await factsFor(trx, item, ctx.now, payload, occurredAt),
        },
        pack.timescales,
        dueDateFor(pack, ctx.now, occurredAt),
        pack.workflows,
      );
      if (!plan.ok) throw refusalError(plan);
      citations = JSON.stringify(plan.citations);
      const named = await namedLeadUser(trx, payload);
      stepEffects = appliedStepEffects(
        workflow,
        plan,
        work,
        payload,
        await settingFor(trx, ctx, t, {
          namedLeadAgencyId: named?.agencyId ?? null,
          occurredAt,
          requestedBy: row.requested_by,
          followUp: workflow.transitions.find((x) => x.id === t.thenRequests),
          workItemId: item.id,
        }),
      );
      await bumpVersion(trx, item);
    }
    // Compare-and-set: only a request still waiting can be decided, once.
    const res = await trx
      .updateTable('transitions')
      .set({
        status: decision.decision === 'authorise' ? 'applied' : 'declined',
        decided_by: actor.userId,
        decided_at: ctx.now,
        decision_note: decision.note ?? null,
        // The rules the decision was made under: re-checked when authorised, as requested when
        // declined.
        citations,
      })
      .where('id', '=', row.id)
      .where('status', '=', 'awaiting-authorisation')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw new BatonError('BATON_STALE_EDIT', {
        message:
          'Someone else decided this request a moment ago. Open it again to see what they decided.',
      });
    await applyEffects(trx, ctx, pack, [...stepEffects, ...decided]);
    await recordEvent(trx, ctx.now, 'decision.made', {
      workItemId: item.id,
      transitionRecordId: row.id,
      transitionId: t.id,
      outcome: decision.decision === 'authorise' ? 'authorised' : 'declined',
    });
    await appendAudit(trx, ctx, {
      action: decision.decision === 'authorise' ? 'work-item.authorise' : 'work-item.decline',
      objectType: 'transition',
      objectId: row.id,
      outcome: 'allowed',
    });
    const updated = await loadWorkItem(trx, packs, item.id);
    if (!updated) throw new BatonError('BATON_INTERNAL');
    return {
      status: decision.decision === 'authorise' ? 'applied' : 'awaiting-authorisation',
      transitionRecordId: row.id,
      workItem: updated,
      occurredAt,
      citations: citations !== null ? (JSON.parse(citations) as RuleCitation[]) : citationsOf(t),
    };
  });
}
