/**
 * Early help episodes: a work item of the pack's early-help-episode workflow, moved by the journey
 * engine (work-repository). Here: finding an episode, who may change it, the list of episodes
 * the actor may see, its open deadlines, and a change of lead professional.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { BatonError } from '../../../core/errors/error-catalogue.js';
import { TIMESCALE_IDS, type LevelNumber, type ResolvedPack } from '../../../core/policy/index.js';
import type { Database } from '../../db/index.js';
import { queueEmails } from '../../outbox/enqueue.js';
import { appendAudit } from '../audit-repository.js';
import { authoriseChild } from '../child-access.js';
import { readableChildren } from '../readable-children.js';
import type { RequestContext } from '../request-context.js';
import { loadWorkItem, type WorkItem } from '../work-repository.js';
import {
  actorOf,
  audited,
  expectOneUpdated,
  involveAsLead,
  onTimeline,
  type Db,
} from './early-help-shared.js';
import { EPISODE_WORKFLOW, type EpisodeSummary } from './early-help-views.js';

/** Load an episode (a work item of the early help workflow) without an access check. */
export async function loadEpisode(
  db: Kysely<Database>,
  packs: ReadonlyMap<string, ResolvedPack>,
  id: string,
): Promise<WorkItem> {
  const item = await loadWorkItem(db, packs, id);
  if (item?.workflowId !== EPISODE_WORKFLOW)
    throw new BatonError('BATON_NOT_FOUND', {
      message: 'There is no early help episode with that id.',
    });
  return item;
}

/** Check the actor may change the episode's child record (audits a refusal). */
export async function authoriseEpisodeWrite(
  db: Kysely<Database>,
  ctx: RequestContext,
  item: WorkItem,
  action: string,
): Promise<void> {
  for (const childId of item.childIds)
    await authoriseChild(db, ctx, childId, 'write', {
      action,
      objectType: 'work-item',
      objectId: item.id,
    });
}

/** The due date of an open (unmet) deadline of the work, earliest first; null when none. */
export async function openDeadlineDue(
  db: Db,
  workItemId: string,
  timescaleId: string,
): Promise<string | null> {
  const d = await db
    .selectFrom('deadlines')
    .select('due')
    .where('work_item_id', '=', workItemId)
    .where('timescale_id', '=', timescaleId)
    .where('met_at', 'is', null)
    .orderBy('due')
    .executeTakeFirst();
  return d?.due ?? null;
}

/** When the next review is planned: the date the plan agreed, else the pack's review deadline. */
export async function plannedReviewDate(db: Db, workItemId: string): Promise<string | null> {
  const plan = await db
    .selectFrom('eh_plans')
    .select('next_review_date')
    .where('work_item_id', '=', workItemId)
    .executeTakeFirst();
  return (
    plan?.next_review_date ??
    (await openDeadlineDue(db, workItemId, TIMESCALE_IDS.ehReview))?.slice(0, 10) ??
    null
  );
}

/** Early help episodes the actor may see (filtered in SQL), newest first. */
export async function listEpisodes(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  filter: { childId?: string | undefined; open?: boolean | undefined },
): Promise<EpisodeSummary[]> {
  const actor = actorOf(ctx);
  if (filter.childId !== undefined)
    await authoriseChild(db, ctx, filter.childId, 'read', {
      action: 'early-help-episode.list',
      objectType: 'child',
      objectId: filter.childId,
    });
  const visible = readableChildren(db, actor, ctx.now);
  let q = db
    .selectFrom('work_items')
    .innerJoin('work_item_children', 'work_item_children.work_item_id', 'work_items.id')
    .innerJoin('people', 'people.id', 'work_item_children.child_id')
    .select([
      'work_items.id',
      'work_items.pack_id',
      'work_items.state',
      'work_items.level',
      'work_items.lead_professional_name',
      'work_items.opened_at',
      'work_items.closed_at',
      'work_items.subject_id',
      'work_item_children.child_id',
      'people.given_name',
      'people.family_name',
    ])
    .where('work_items.workflow_id', '=', EPISODE_WORKFLOW);
  if (visible !== null) q = q.where('work_item_children.child_id', 'in', visible);
  if (filter.childId !== undefined) q = q.where('work_item_children.child_id', '=', filter.childId);
  if (filter.open === true) q = q.where('work_items.closed_at', 'is', null);
  const rows = await q.orderBy('work_items.opened_at', 'desc').limit(200).execute();
  await appendAudit(db, ctx, {
    action: 'early-help-episode.list',
    objectType: filter.childId !== undefined ? 'child' : null,
    objectId: filter.childId ?? null,
    outcome: 'allowed',
  });
  // A family's episode is one row, named for its children, the one it was opened for first.
  const episodes = new Map<
    string,
    { r: (typeof rows)[number]; childId: string; names: string[] }
  >();
  for (const r of rows) {
    const name = `${r.given_name} ${r.family_name}`;
    const seen = episodes.get(r.id);
    if (!seen) episodes.set(r.id, { r, childId: r.child_id, names: [name] });
    else if (r.child_id === r.subject_id) {
      seen.childId = r.child_id;
      seen.names.unshift(name);
    } else seen.names.push(name);
  }
  return [...episodes.values()].map(({ r, childId, names }) => {
    const state = packs
      .get(r.pack_id)
      ?.workflows.get(EPISODE_WORKFLOW)
      ?.states.find((s) => s.id === r.state);
    return {
      id: r.id,
      childId,
      childName: names.join(' and '),
      state: r.state,
      stateName: state?.name ?? r.state,
      final: state?.final ?? r.closed_at !== null,
      level: (r.level ?? null) as LevelNumber | null,
      leadProfessional: r.lead_professional_name,
      openedAt: r.opened_at,
    };
  });
}

/**
 * Name a new lead professional on an open episode (a panel's allocation). The workflows have no
 * step for this: a change of lead is not a change of state, so it is a direct, versioned update
 * of the work item, audited and put on the timeline; the open deadlines follow the new lead.
 */
export async function changeLeadProfessional(
  trx: Transaction<Database>,
  ctx: RequestContext,
  item: WorkItem,
  lead: { userId: string; name: string; agencyId: string; agency: string },
  because: string,
): Promise<void> {
  const res = await trx
    .updateTable('work_items')
    .set({
      lead_professional_name: lead.name,
      lead_professional_agency: lead.agency,
      lead_professional_user_id: lead.userId,
      owner_agency_id: lead.agencyId,
      version: item.version + 1,
    })
    .where('id', '=', item.id)
    .where('version', '=', item.version)
    .executeTakeFirst();
  expectOneUpdated(res);
  await trx
    .updateTable('deadlines')
    .set({ owner_user_id: lead.userId, owner_agency_id: lead.agencyId })
    .where('work_item_id', '=', item.id)
    .where('met_at', 'is', null)
    .execute();
  for (const childId of item.childIds) await involveAsLead(trx, ctx, childId, lead);
  await onTimeline(trx, ctx, item, {
    kind: 'early-help.lead-professional',
    summary: `Lead professional: ${lead.name} (${lead.agency}). ${because}`,
    objectType: 'work-item',
    objectId: item.id,
  });
  await audited(
    trx,
    ctx,
    'early-help-episode.lead-professional',
    'work-item',
    item.id,
    `lead professional changed to user ${lead.userId}`,
  );
}

/**
 * A notification for one user (e.g. the professional a panel allocated), and an email through the
 * outbox in the same transaction when they chose email.
 */
export async function notifyUser(
  db: Db,
  ctx: RequestContext,
  n: { userId: string; kind: string; text: string; objectType: string; objectId: string },
): Promise<void> {
  await db
    .insertInto('notifications')
    .values({
      id: randomUUID(),
      user_id: n.userId,
      agency_id: null,
      role: null,
      kind: n.kind,
      text: n.text,
      object_type: n.objectType,
      object_id: n.objectId,
      created_at: ctx.now,
      read_at: null,
    })
    .execute();
  await queueEmails(db, ctx.now, [n.userId], {
    kind: n.kind,
    objectType: n.objectType,
    objectId: n.objectId,
  });
}
