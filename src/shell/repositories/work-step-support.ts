/**
 * What reading, taking and deciding a step on work share: access to the work (access to every
 * child it concerns), the pack it runs under, and what the engine's effect rules need looked up.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AgencyKind } from '../../core/access/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { StepSetting, Transition, WorkSnapshot } from '../../core/journey/index.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import type { Database } from '../db/index.js';
import { refuse } from './audit-repository.js';
import { authoriseChild } from './child-access.js';
import { findPractitioner } from './early-help/episode-people-repository.js';
import type { RequestContext } from './request-context.js';
import { socialCarePlanHeld } from './social-care-plan-held.js';
import type { WorkItem } from './work-items.js';

/**
 * Access to a piece of work is access to every child it concerns; work with no child yet is
 * visible only to the agency that owns it.
 */
export async function authoriseWork(
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

/** Move the work on a version, refusing with BATON_STALE_EDIT if someone else did first. */
export async function bumpVersion(trx: Kysely<Database>, item: WorkItem): Promise<void> {
  const res = await trx
    .updateTable('work_items')
    .set({ version: item.version + 1 })
    .where('id', '=', item.id)
    .where('version', '=', item.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new BatonError('BATON_STALE_EDIT');
}

/** The pack the work runs under. */
export function packAt(packs: ReadonlyMap<string, ResolvedPack>, item: WorkItem): ResolvedPack {
  // Work continues under the pack it started with while that pack is loaded; a newer version of
  // the same pack applies to new steps, and each step records the version it was decided under.
  const pack = packs.get(item.packId);
  if (!pack)
    throw new BatonError('BATON_UNKNOWN_PACK', {
      message: `The policy pack "${item.packId}" this work was started under is not loaded.`,
    });
  return pack;
}

/** An agency and its kind, for the rules that depend on who owns the work. */
export async function agencyOf(
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
export async function snapshotOf(db: Kysely<Database>, item: WorkItem): Promise<WorkSnapshot> {
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
export async function settingFor(
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
 * A step may name its lead professional by user id (`leadProfessionalUserId`): fill in their
 * name and agency, so the rules and the record read the same as a lead named in words.
 */
export async function namedLeadUser(
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
