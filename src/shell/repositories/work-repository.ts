/**
 * Work moving through a policy pack's workflow: a front-door contact, an early help episode…
 * The journey engine (pure) plans each step; this repository assembles the facts it needs from
 * the record, applies the plan in one transaction (state, decision record, deadlines,
 * notifications, timeline, audit), and keeps requests that need a manager in a tray.
 */
import { withTransaction } from '../db/unit-of-work.js';
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Actor, AgencyKind } from '../../core/access/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import { mayAuthorise, planTransition, type Transition } from '../../core/journey/index.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import { dueDateFor } from '../calendar/index.js';
import type { Database } from '../db/index.js';
import { appendAudit, refuse } from './audit-repository.js';
import { addInvolvement, appendTimeline, authoriseChild } from './child-access.js';
import type { RequestContext } from './request-context.js';
import { agencyOfKind, applyPlan } from './work-apply.js';
import { notify } from './work-effects.js';
import { findPractitioner } from './early-help/episode-people-repository.js';
import { factsFor, loadWorkItem, type WorkItem } from './work-items.js';
import { startFollowOn, workflowOf } from './work-start.js';

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

export interface TransitionOutcome {
  status: 'applied' | 'awaiting-authorisation';
  transitionRecordId: string;
  workItem: WorkItem;
}

/**
 * Ask to take a step. The engine plans it from the pack; refusals answer BATON_TRANSITION_REFUSED
 * with each missing thing and its citation. `expectedVersion` guards against lost updates.
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
  },
): Promise<TransitionOutcome> {
  const item = await loadWorkItem(db, packs, request.workItemId);
  if (!item)
    throw new BatonError('BATON_NOT_FOUND', { message: 'There is no work item with that id.' });
  await authoriseWork(db, ctx, item, 'write', 'work-item.transition');
  const actor = ctx.actor;
  if (!actor) throw new BatonError('BATON_NOT_SIGNED_IN');
  if (request.expectedVersion !== undefined && request.expectedVersion !== item.version)
    throw new BatonError('BATON_STALE_EDIT');
  const pack = packAt(packs, item);
  const workflow = workflowOf(pack, item.workflowId);
  const payload = await withLeadProfessional(db, request.payload);
  const facts = await factsFor(db, item, ctx.now, payload);
  const plan = planTransition(
    workflow,
    item.state,
    {
      transitionId: request.transitionId,
      actorRoles: actor.roles,
      agencies: { actor: actor.agencyKind, owner: await agencyKindOf(db, item.ownerAgencyId) },
      at: ctx.now,
      facts,
    },
    pack.timescales,
    dueDateFor(pack, ctx.now),
    pack.workflows,
  );
  if (!plan.ok) {
    await appendAudit(db, ctx, {
      action: 'work-item.transition',
      objectType: 'work-item',
      objectId: item.id,
      outcome: 'refused',
      reason: `${request.transitionId}: ${plan.missing.map((m) => m.rule).join(', ') || plan.message}`,
    });
    throw new BatonError(plan.code, {
      message: plan.message,
      details: plan.missing.map((m) => ({ path: m.rule, message: m.message })),
      extra: { missing: plan.missing },
    });
  }
  const recordId = randomUUID();
  await withTransaction(db, async (trx) => {
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
      })
      .execute();
    if (plan.awaitsAuthorisation) {
      const authorisingAgency = plan.transition.authorisedIn
        ? ((await agencyOfKind(trx, plan.transition.authorisedIn)) ?? item.ownerAgencyId)
        : item.ownerAgencyId;
      // The request is shared with the agency that decides it (a step-down transfer goes to the
      // lead professional's manager), so its authorisers can read the children's records.
      if (authorisingAgency !== item.ownerAgencyId) {
        for (const childId of item.childIds)
          await addInvolvement(trx, {
            childId,
            agencyId: authorisingAgency,
            userId: null,
            role: 'transfer-request',
            from: ctx.now.slice(0, 10),
            now: ctx.now,
          });
      }
      await notify(trx, ctx, {
        agencyId: authorisingAgency,
        roles: plan.transition.authorisedBy ?? [],
        kind: 'authorisation-requested',
        text: `Authorisation requested: ${plan.transition.name}`,
        objectId: item.id,
      });
      for (const childId of item.childIds) {
        await appendTimeline(trx, {
          childId,
          at: ctx.now,
          kind: 'transition.requested',
          summary: `Requested: ${plan.transition.name} (awaiting authorisation)`,
          objectType: 'transition',
          objectId: recordId,
          actorUserId: actor.userId,
        });
      }
    } else {
      await applyPlan(
        trx,
        ctx,
        workflow,
        item,
        plan.transition,
        plan.opens,
        plan.closes,
        plan.notify,
        payload,
      );
      await startFollowOn(trx, ctx, pack, item, plan, payload);
    }
    await appendAudit(trx, ctx, {
      action: 'work-item.transition',
      objectType: 'work-item',
      objectId: item.id,
      outcome: 'allowed',
      reason: plan.transition.id,
    });
  });
  const updated = await loadWorkItem(db, packs, item.id);
  if (!updated) throw new BatonError('BATON_INTERNAL');
  return {
    status: plan.awaitsAuthorisation ? 'awaiting-authorisation' : 'applied',
    transitionRecordId: recordId,
    workItem: updated,
  };
}

/**
 * May the actor authorise or decline a request for this step on work its owner holds? An
 * authoriser by role, in the step's `authorisedIn` kind of agency, else in the owning agency.
 */
export function mayDecide(t: Transition, actor: Actor, ownerAgencyId: string): boolean {
  return (
    mayAuthorise(t, actor.roles) &&
    (t.authorisedIn ? actor.agencyKind === t.authorisedIn : actor.agencyId === ownerAgencyId)
  );
}

/** Authorise or decline a request waiting in the tray. Authorising re-checks the rules now. */
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
  const row = await db
    .selectFrom('transitions')
    .selectAll()
    .where('id', '=', decision.transitionRecordId)
    .executeTakeFirst();
  if (row?.status !== 'awaiting-authorisation')
    throw new BatonError('BATON_NOT_FOUND', {
      message: 'There is no request waiting with that id.',
    });
  const item = await loadWorkItem(db, packs, row.work_item_id);
  if (!item) throw new BatonError('BATON_INTERNAL');
  const pack = packAt(packs, item);
  const t = workflowOf(pack, item.workflowId).transitions.find((x) => x.id === row.transition_id);
  if (!t || !mayDecide(t, actor, item.ownerAgencyId)) {
    await appendAudit(db, ctx, {
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
    await authoriseChild(db, ctx, childId, 'write', {
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
  const payload = JSON.parse(row.payload) as Record<string, unknown>;
  if (decision.decision === 'decline') {
    if ((decision.note ?? '').trim() === '') {
      throw new BatonError('BATON_VALIDATION', {
        details: [
          {
            path: 'note',
            message: 'Say why the request is declined, so the requester can act on it',
          },
        ],
      });
    }
    await withTransaction(db, async (trx) => {
      await trx
        .updateTable('transitions')
        .set({
          status: 'declined',
          decided_by: actor.userId,
          decided_at: ctx.now,
          decision_note: decision.note ?? null,
        })
        .where('id', '=', row.id)
        .execute();
      await notify(trx, ctx, {
        userId: row.requested_by,
        kind: 'request-declined',
        text: `Declined: ${t.name}. ${decision.note ?? ''}`,
        objectId: item.id,
      });
      await appendAudit(trx, ctx, {
        action: 'work-item.decline',
        objectType: 'transition',
        objectId: row.id,
        outcome: 'allowed',
      });
    });
  } else {
    // Re-plan as the authoriser: the rules are checked again at the moment of the decision.
    const facts = await factsFor(db, item, ctx.now, payload);
    const plan = planTransition(
      workflowOf(pack, item.workflowId),
      item.state,
      {
        transitionId: t.id,
        actorRoles: actor.roles,
        agencies: { actor: actor.agencyKind, owner: await agencyKindOf(db, item.ownerAgencyId) },
        at: ctx.now,
        facts,
      },
      pack.timescales,
      dueDateFor(pack, ctx.now),
      pack.workflows,
    );
    if (!plan.ok) {
      throw new BatonError(plan.code, {
        message: plan.message,
        details: plan.missing.map((m) => ({ path: m.rule, message: m.message })),
        extra: { missing: plan.missing },
      });
    }
    await withTransaction(db, async (trx) => {
      await bumpVersion(trx, item);
      await trx
        .updateTable('transitions')
        .set({
          status: 'applied',
          decided_by: actor.userId,
          decided_at: ctx.now,
          decision_note: decision.note ?? null,
        })
        .where('id', '=', row.id)
        .execute();
      await applyPlan(
        trx,
        ctx,
        workflowOf(pack, item.workflowId),
        item,
        t,
        plan.opens,
        plan.closes,
        plan.notify,
        payload,
      );
      await startFollowOn(trx, ctx, pack, item, plan, payload);
      await notify(trx, ctx, {
        userId: row.requested_by,
        kind: 'request-authorised',
        text: `Authorised: ${t.name}`,
        objectId: item.id,
      });
      await appendAudit(trx, ctx, {
        action: 'work-item.authorise',
        objectType: 'transition',
        objectId: row.id,
        outcome: 'allowed',
      });
    });
  }
  const updated = await loadWorkItem(db, packs, item.id);
  if (!updated) throw new BatonError('BATON_INTERNAL');
  return {
    status: decision.decision === 'authorise' ? 'applied' : 'awaiting-authorisation',
    transitionRecordId: row.id,
    workItem: updated,
  };
}

async function bumpVersion(trx: Transaction<Database>, item: WorkItem): Promise<void> {
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

async function agencyKindOf(db: Kysely<Database>, agencyId: string): Promise<AgencyKind> {
  const row = await db
    .selectFrom('agencies')
    .select('kind')
    .where('id', '=', agencyId)
    .executeTakeFirstOrThrow();
  return row.kind as AgencyKind;
}

/**
 * A step may name its lead professional by user id (`leadProfessionalUserId`): fill in their
 * name and agency, so the rules and the record read the same as a lead named in words.
 */
async function withLeadProfessional(
  db: Kysely<Database>,
  payload: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const userId = payload.leadProfessionalUserId;
  if (typeof userId !== 'string' || userId.trim() === '') return payload;
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
  return { ...payload, leadProfessionalName: user.name, leadProfessionalAgency: user.agency };
}
