/**
 * Work moving through a policy pack's workflow: a front-door contact, an early help episode…
 * The journey engine (pure) plans each step; this repository assembles the facts it needs from
 * the record, applies the plan in one transaction (state, decision record, deadlines,
 * notifications, timeline, audit), and keeps requests that need a manager in a tray.
 */
import { socialCarePlanHeld } from './social-care-plan-held.js';
import { withTransaction } from '../db/unit-of-work.js';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor, AgencyKind } from '../../core/access/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import {
  appliedStepEffects,
  citationsOf,
  decisionEffects,
  mayAuthorise,
  happenedBefore,
  opensHourTimescale,
  planTransition,
  refusalError,
  requestedStepEffects,
  stepPayloadProblems,
  type RuleCitation,
  type StepSetting,
  type Transition,
  type WorkSnapshot,
  whenItHappened,
} from '../../core/journey/index.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import { dueDateFor } from '../calendar/index.js';
import type { Database } from '../db/index.js';
import { appendAudit, refuse } from './audit-repository.js';
import { authoriseChild } from './child-access.js';
import { recordEvent } from '../outbox/enqueue.js';
import { applyEffects } from './effect-applier.js';
import type { RequestContext } from './request-context.js';
import { findPractitioner } from './early-help/episode-people-repository.js';
import { factsFor, loadWorkItem, type WorkItem } from './work-items.js';
import { workflowOf } from './work-start.js';
import type { TransitionOutcome } from '../schemas/index.js';
import { londonDay } from '../../core/calendar/index.js';

export type { TransitionOutcome };

export { loadWorkItem, type WorkItem } from './work-items.js';
export { startWork, workflowOf, type StartWork } from './work-start.js';

/**
 * Access to a piece of work is access to every child it concerns; work with no child yet is
 * visible only to the agency that owns it.
 */
async function authoriseWork(
  db: Kysely<Database>,
  ctx: RequestContext,
  item: WorkItem,
  action: 'read' | 'write',
  auditAction: string,
): Promise<void> {
  if (item.childIds.length === 0 && ctx.actor?.agencyId !== item.ownerAgencyId) {
    throw await refuse(db, ctx, {
      action: auditAction,
      objectType: 'work-item',
      objectId: item.id,
      reason: 'work owned by another agency',
    });
  }
  for (const childId of item.childIds) {
    await authoriseChild(db, ctx, childId, action, {
      action: auditAction,
      objectType: 'work-item',
      objectId: item.id,
    });
  }
}

/** Load a work item; checks the actor may read each child it concerns. */
export async function getWorkItem(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  id: string,
): Promise<WorkItem> {
  const item = await loadWorkItem(db, packs, id);
  if (!item)
    throw new BatonError('BATON_NOT_FOUND', { message: 'There is no work item with that id.' });
  await authoriseWork(db, ctx, item, 'read', 'work-item.read');
  await appendAudit(db, ctx, {
    action: 'work-item.read',
    objectType: 'work-item',
    objectId: id,
    outcome: 'allowed',
  });
  return item;
}

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

async function bumpVersion(trx: Kysely<Database>, item: WorkItem): Promise<void> {
  const res = await trx
    .updateTable('work_items')
    .set({ version: item.version + 1 })
    .where('id', '=', item.id)
    .where('version', '=', item.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new BatonError('BATON_STALE_EDIT');
}

function packAt(packs: ReadonlyMap<string, ResolvedPack>, item: WorkItem): ResolvedPack {
  // Work continues under the pack it started with while that pack is loaded; a newer version of
  // the same pack applies to new steps, and each step records the version it was decided under.
  const pack = packs.get(item.packId);
  if (!pack)
    throw new BatonError('BATON_UNKNOWN_PACK', {
      message: `The policy pack "${item.packId}" this work was started under is not loaded.`,
    });
  return pack;
}

async function agencyOf(
  db: Kysely<Database>,
  agencyId: string,
): Promise<{ id: string; kind: AgencyKind }> {
  const row = await db
    .selectFrom('agencies')
    .select('kind')
    .where('id', '=', agencyId)
    .executeTakeFirstOrThrow();
  return { id: agencyId, kind: row.kind as AgencyKind };
}

/** The work as the engine's effect rules see it (with a contact's referrer, for notifying). */
async function snapshotOf(db: Kysely<Database>, item: WorkItem): Promise<WorkSnapshot> {
  const referrer =
    item.subjectType === 'contact'
      ? await db
          .selectFrom('contacts')
          .select('referrer_user_id')
          .where('id', '=', item.subjectId)
          .executeTakeFirst()
      : undefined;
  return {
    id: item.id,
    workflowId: item.workflowId,
    subjectId: item.subjectId,
    childIds: item.childIds,
    level: item.level,
    ownerAgencyId: item.ownerAgencyId,
    leadProfessional: item.leadProfessional,
    referrerUserId: referrer?.referrer_user_id ?? null,
  };
}

/** What the effect rules need looked up: the agencies of the kinds this step names. */
async function settingFor(
  db: Kysely<Database>,
  ctx: RequestContext,
  t: Transition,
  step: {
    namedLeadAgencyId: string | null;
    occurredAt: string;
    requestedBy: string;
    /** The step this one asks for next (`thenRequests`): its authorisers' agency is looked up. */
    followUp?: Transition | undefined;
    /** The work the step is on: what its follow-on work carries is looked up from here. */
    workItemId: string;
  },
): Promise<StepSetting> {
  const kinds = [t.handsTo, t.authorisedIn, t.starts?.ownedBy, step.followUp?.authorisedIn].filter(
    (k): k is AgencyKind => k !== undefined,
  );
  const rows =
    kinds.length === 0
      ? []
      : await db
          .selectFrom('agencies')
          .select(['id', 'kind'])
          .where('kind', 'in', kinds)
          .orderBy('created_at')
          .orderBy('id')
          .execute();
  // The first agency of a kind (the deployment has one early help service, one social care).
  const first = new Map<string, string>();
  for (const r of rows) if (!first.has(r.kind)) first.set(r.kind, r.id);
  return {
    at: ctx.now,
    occurredAt: step.occurredAt,
    agencyOfKind: (kind) => first.get(kind) ?? null,
    namedLeadAgencyId: step.namedLeadAgencyId,
    followUp: { id: randomUUID(), requestedBy: step.requestedBy },
    socialCarePlan:
      t.starts?.carries?.what === 'social-care-plan'
        ? await socialCarePlanHeld(db, step.workItemId)
        : undefined,
  };
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

/**
 * A step may name its lead professional by user id (`leadProfessionalUserId`): fill in their
 * name and agency, so the rules and the record read the same as a lead named in words.
 */
async function namedLeadUser(
  db: Kysely<Database>,
  payload: Record<string, unknown>,
): Promise<{ payload: Record<string, unknown>; agencyId: string } | null> {
  const userId = payload.leadProfessionalUserId;
  if (typeof userId !== 'string' || userId.trim() === '') return null;
  const user = await findPractitioner(db, userId.trim());
  if (!user)
    throw new BatonError('BATON_VALIDATION', {
      details: [
        {
          path: 'payload.leadProfessionalUserId',
          message: 'There is no active Baton user with that id',
        },
      ],
    });
  return {
    payload: { ...payload, leadProfessionalName: user.name, leadProfessionalAgency: user.agency },
    agencyId: user.agencyId,
  };
}
