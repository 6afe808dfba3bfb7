/**
 * Allocating a worker to statutory work (issue 14 §5): a team manager of the team that holds an
 * assessment, s47 enquiries or a plan chooses one of the team's social workers. Who may, and whom,
 * is the core's rule (`mayAllocateWorker`, `ALLOCATABLE_ROLES`); what allocation does — lead,
 * deadlines, involvement, notification (and email through the outbox), timeline — is the core's
 * `allocationEffects`, applied here in one unit of work.
 */
import type { Kysely } from 'kysely';
import type { AgencyKind } from '../../core/access/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import {
  ALLOCATABLE_ROLES,
  allocationEffects,
  isStatutoryWork,
  mayAllocateWorker,
} from '../../core/journey/index.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import type { Database } from '../db/index.js';
import { withTransaction } from '../db/unit-of-work.js';
import { appendAudit, refuse } from './audit-repository.js';
import { authoriseChild } from './child-access.js';
import { applyEffects } from './effect-applier.js';
import type { RequestContext } from './request-context.js';
import { loadWorkItem, type WorkItem } from './work-items.js';

/** A social worker a team manager may allocate. */
export interface TeamWorker {
  userId: string;
  name: string;
  agency: string;
  agencyId: string;
}

/** The active social workers of an agency (the team), by name. */
export async function listTeamWorkers(
  db: Kysely<Database>,
  agencyId: string,
): Promise<TeamWorker[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.display_name', 'agencies.name', 'users.agency_id'])
    .where('users.active', '=', 1)
    .where('users.agency_id', '=', agencyId)
    .where('user_roles.role', 'in', [...ALLOCATABLE_ROLES])
    .distinct()
    .orderBy('users.display_name')
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    name: r.display_name,
    agency: r.name,
    agencyId: r.agency_id,
  }));
}

async function agencyKindOf(db: Kysely<Database>, agencyId: string): Promise<AgencyKind> {
  const row = await db
    .selectFrom('agencies')
    .select('kind')
    .where('id', '=', agencyId)
    .executeTakeFirstOrThrow();
  return row.kind as AgencyKind;
}

/** Whether the work is statutory and the actor may allocate its worker, with the team to choose from. */
export async function allocationChoices(
  db: Kysely<Database>,
  ctx: RequestContext,
  item: WorkItem,
): Promise<{ statutory: boolean; mayAllocate: boolean; workers: TeamWorker[] }> {
  const ownerAgencyKind = await agencyKindOf(db, item.ownerAgencyId);
  const work = {
    workflowId: item.workflowId,
    ownerAgencyId: item.ownerAgencyId,
    ownerAgencyKind,
    closed: item.closedAt !== null,
  };
  const mayAllocate = ctx.actor !== null && mayAllocateWorker(ctx.actor, work);
  return {
    statutory: isStatutoryWork(work),
    mayAllocate,
    workers: mayAllocate ? await listTeamWorkers(db, item.ownerAgencyId) : [],
  };
}

/**
 * Allocate one of the team's social workers to statutory work. Refused (403, audited) for anyone
 * but a team manager of the team holding the open work; a worker outside the team is a
 * validation error. `expectedVersion` guards against two managers allocating at once.
 */
export async function allocateWorker(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  workItemId: string,
  input: { userId: string; expectedVersion?: number | undefined },
): Promise<WorkItem> {
  const actor = ctx.actor;
  if (!actor) throw new BatonError('BATON_NOT_SIGNED_IN');
  return withTransaction(db, async (trx) => {
    const item = await loadWorkItem(trx, packs, workItemId);
    if (!item)
      throw new BatonError('BATON_NOT_FOUND', { message: 'There is no work item with that id.' });
    for (const childId of item.childIds)
      await authoriseChild(trx, ctx, childId, 'write', {
        action: 'work-item.allocate',
        objectType: 'work-item',
        objectId: item.id,
      });
    const choices = await allocationChoices(trx, ctx, item);
    if (!choices.mayAllocate)
      throw await refuse(trx, ctx, {
        action: 'work-item.allocate',
        objectType: 'work-item',
        objectId: item.id,
        reason: 'only a team manager of the team holding open statutory work allocates its worker',
      });
    const worker = choices.workers.find((w) => w.userId === input.userId);
    if (!worker)
      throw new BatonError('BATON_VALIDATION', {
        details: [{ path: 'userId', message: 'Choose a social worker in the team' }],
      });
    if (input.expectedVersion !== undefined && input.expectedVersion !== item.version)
      throw new BatonError('BATON_STALE_EDIT');
    const res = await trx
      .updateTable('work_items')
      .set({ version: item.version + 1 })
      .where('id', '=', item.id)
      .where('version', '=', item.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new BatonError('BATON_STALE_EDIT');
    const pack = packs.get(item.packId);
    if (!pack) throw new BatonError('BATON_UNKNOWN_PACK');
    await applyEffects(
      trx,
      ctx,
      pack,
      allocationEffects(
        { id: item.id, childIds: item.childIds, workflowName: item.workflowName },
        worker,
        'allocated-worker',
        ctx.now,
      ),
    );
    await appendAudit(trx, ctx, {
      action: 'work-item.allocate',
      objectType: 'work-item',
      objectId: item.id,
      outcome: 'allowed',
      reason: `allocated user ${worker.userId}`,
    });
    const updated = await loadWorkItem(trx, packs, item.id);
    if (!updated) throw new BatonError('BATON_INTERNAL');
    return updated;
  });
}
