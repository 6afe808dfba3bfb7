/**
 * Taking a step on work: the journey engine (pure) plans it from the pack and decides its effects;
 * this checks access, records the step (applied, or waiting in a manager's tray) and applies the
 * effects, the outbox event and the audit in the caller's unit of work.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import {
  appliedStepEffects,
  happenedBefore,
  opensHourTimescale,
  planTransition,
  refusalError,
  requestedStepEffects,
  stepPayloadProblems,
  whenItHappened,
} from '../../core/journey/index.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import { dueDateFor } from '../calendar/index.js';
import type { Database } from '../db/index.js';
import { withTransaction } from '../db/unit-of-work.js';
import { recordEvent } from '../outbox/enqueue.js';
import type { TransitionOutcome } from '../schemas/index.js';
import { appendAudit } from './audit-repository.js';
import { applyEffects } from './effect-applier.js';
import type { RequestContext } from './request-context.js';
import { factsFor, loadWorkItem, type WorkItem } from './work-items.js';
import { workflowOf } from './work-start.js';
import {
  agencyOf,
  authoriseWork,
  bumpVersion,
  namedLeadUser,
  packAt,
  settingFor,
  snapshotOf,
} from './work-step-support.js';

/**
 * Ask to take a step. The engine plans it from the pack and decides its effects; this applies
 * them in the caller's unit of work. Refusals answer BATON_TRANSITION_REFUSED with each missing
 * thing and its citation, and write nothing but their audit row. `expectedVersion` guards
 * against lost updates.
 */
export async function requestTransition(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  request: {
    workItemId: string;
    transitionId: string;
    payload: Record<string, unknown>;
    expectedVersion?: number | undefined;
    /**
     * When the step happened (YYYY-MM-DD, or a date-time with its zone where a rule is in hours).
     * Absent: now. Deadlines count from it; authorising later never moves them.
     */
    occurredAt?: string | undefined;
  },
): Promise<TransitionOutcome> {
  return withTransaction(db, async (trx) => {
    const item = await loadWorkItem(trx, packs, request.workItemId);
    if (!item)
      throw new BatonError('BATON_NOT_FOUND', { message: 'There is no work item with that id.' });
    await authoriseWork(trx, ctx, item, 'write', 'work-item.transition');
    const actor = ctx.actor;
    if (!actor) throw new BatonError('BATON_NOT_SIGNED_IN');
    if (request.expectedVersion !== undefined && request.expectedVersion !== item.version)
      throw new BatonError('BATON_STALE_EDIT');
    const pack = packAt(packs, item);
    const workflow = workflowOf(pack, item.workflowId);
    const step = workflow.transitions.find((x) => x.id === request.transitionId);
    if (step) {
      const problems = stepPayloadProblems(step, request.payload);
      if (problems.length > 0) {
        await refusedStep(trx, ctx, item, 'BATON_VALIDATION');
        throw new BatonError('BATON_VALIDATION', { details: problems });
      }
    }
    const when = whenItHappened({
      occurredAt: request.occurredAt,
      now: ctx.now,
      workBegan: item.beganAt,
      previousStep: await lastStepHappened(trx, item.id),
      opensHours: step ? opensHourTimescale(step, pack.timescales, pack.workflows) : false,
    });
    if (!when.ok) {
      await refusedStep(trx, ctx, item, when.code);
      throw new BatonError(
        when.code,
        when.code === 'BATON_VALIDATION'
          ? { details: [{ path: 'occurredAt', message: when.message }] }
          : { message: when.message, details: [{ path: 'occurredAt', message: when.message }] },
      );
    }
    const occurredAt = when.at;
    const named = await namedLeadUser(trx, request.payload);
    const payload = named?.payload ?? request.payload;
    const facts = await factsFor(trx, item, ctx.now, payload, occurredAt);
    const owner = await agencyOf(trx, item.ownerAgencyId);
    const plan = planTransition(
      workflow,
      item.state,
      {
        transitionId: request.transitionId,
        actorRoles: actor.roles,
        agencies: { actor: { id: actor.agencyId, kind: actor.agencyKind }, owner },
        at: occurredAt,
        facts,
      },
      pack.timescales,
      dueDateFor(pack, ctx.now, occurredAt),
      pack.workflows,
    );
    if (!plan.ok) {
      // The audit names the refusal's code, never what the caller typed (a chosen step id).
      await refusedStep(trx, ctx, item, plan.code);
      throw refusalError(plan);
    }
    // A step asked for again while the same request waits (a step the pack asked for at once,
    // `thenRequests`) is that request: what it carries is updated, and no second one waits.
    const waiting = plan.awaitsAuthorisation
      ? await trx
          .selectFrom('transitions')
          .select('id')
          .where('work_item_id', '=', item.id)
          .where('transition_id', '=', plan.transition.id)
          .where('status', '=', 'awaiting-authorisation')
          .executeTakeFirst()
      : undefined;
    if (waiting) {
      await trx
        .updateTable('transitions')
        .set({ payload: JSON.stringify(payload) })
        .where('id', '=', waiting.id)
        .execute();
      await appendAudit(trx, ctx, {
        action: 'work-item.transition',
        objectType: 'work-item',
        objectId: item.id,
        outcome: 'allowed',
        reason: `${plan.transition.id} (already waiting: ${waiting.id})`,
      });
      return {
        status: 'awaiting-authorisation' as const,
        transitionRecordId: waiting.id,
        workItem: item,
        occurredAt,
        citations: plan.citations,
      };
    }
    const recordId = randomUUID();
    await bumpVersion(trx, item);
    await trx
      .insertInto('transitions')
      .values({
        id: recordId,
        work_item_id: item.id,
        transition_id: plan.transition.id,
        from_state: plan.from,
        to_state: plan.to,
        outcome: plan.outcome,
        status: plan.awaitsAuthorisation ? 'awaiting-authorisation' : 'applied',
        payload: JSON.stringify(payload),
        pack_id: pack.id,
        pack_version: pack.version,
        requested_by: actor.userId,
        requested_at: ctx.now,
        decided_by: plan.awaitsAuthorisation ? null : actor.userId,
        decided_at: plan.awaitsAuthorisation ? null : ctx.now,
        decision_note: null,
        occurred_at: occurredAt,
        citations: JSON.stringify(plan.citations),
      })
      .execute();
    const work = await snapshotOf(trx, item);
    const setting = await settingFor(trx, ctx, plan.transition, {
      namedLeadAgencyId: named?.agencyId ?? null,
      occurredAt,
      requestedBy: actor.userId,
      followUp: workflow.transitions.find((x) => x.id === plan.transition.thenRequests),
      workItemId: item.id,
    });
    const effects = plan.awaitsAuthorisation
      ? requestedStepEffects(plan.transition, work, recordId, setting)
      : appliedStepEffects(workflow, plan, work, payload, setting);
    await applyEffects(trx, ctx, pack, effects);
    await recordEvent(
      trx,
      ctx.now,
      plan.awaitsAuthorisation ? 'step.awaiting-authorisation' : 'decision.made',
      {
        workItemId: item.id,
        transitionRecordId: recordId,
        transitionId: plan.transition.id,
        outcome: plan.outcome,
      },
    );
    await appendAudit(trx, ctx, {
      action: 'work-item.transition',
      objectType: 'work-item',
      objectId: item.id,
      outcome: 'allowed',
      reason: plan.transition.id,
    });
    const updated = await loadWorkItem(trx, packs, item.id);
    if (!updated) throw new BatonError('BATON_INTERNAL');
    return {
      status: plan.awaitsAuthorisation ? 'awaiting-authorisation' : 'applied',
      transitionRecordId: recordId,
      workItem: updated,
      occurredAt,
      citations: plan.citations,
    };
  });
}

async function refusedStep(
  db: Kysely<Database>,
  ctx: RequestContext,
  item: WorkItem,
  code: string,
): Promise<void> {
  await appendAudit(db, ctx, {
    action: 'work-item.transition',
    objectType: 'work-item',
    objectId: item.id,
    outcome: 'refused',
    reason: code,
  });
}

/**
 * When the last step on this work happened (applied, or waiting in a tray): a new step cannot
 * have happened before it. Older rows without `occurred_at` happened when they were recorded.
 */
async function lastStepHappened(db: Kysely<Database>, workItemId: string): Promise<string | null> {
  const rows = await db
    .selectFrom('transitions')
    .select(['occurred_at', 'requested_at'])
    .where('work_item_id', '=', workItemId)
    .where('status', '!=', 'declined')
    .execute();
  let last: string | null = null;
  for (const r of rows) {
    const at = r.occurred_at ?? r.requested_at;
    if (last === null || happenedBefore(last, at)) last = at;
  }
  return last;
}
