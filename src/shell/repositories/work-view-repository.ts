/**
 * One piece of work as a page or the API shows it: where it is, who leads it, its open deadlines,
 * the work it came from and the work that followed it, its decision history, and the steps the
 * reader may take next with what each needs (from the pack). Reading it is audited.
 */
import { allocationChoices, type TeamWorker } from './allocation-repository.js';
import type { Kysely } from 'kysely';
import type { DeadlineStatus } from '../../core/calendar/index.js';
import { availableTransitions, deadlineMissed, type Transition } from '../../core/journey/index.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import { statusOf } from '../calendar/index.js';
import type { Database } from '../db/index.js';
import { listWorkItemTransitions, type TransitionRecord } from './my-work-repository.js';
import type { RequestContext } from './request-context.js';
import { getWorkItem, type WorkItem } from './work-repository.js';
import { londonDay } from '../../core/calendar/index.js';
import type { WorkLink } from '../schemas/index.js';

export type { WorkLink };

export interface WorkView {
  item: WorkItem;
  /** The children the work is about, by name, for every page of the work to say whose it is. */
  children: { id: string; name: string }[];
  ownerAgencyName: string;
  deadlines: { id: string; name: string; due: string; status: DeadlineStatus }[];
  /**
   * Deadlines met, each with when (the day the step meeting it happened) and whether that was
   * after the due date: a deadline passed before it was recorded shows as missed, never re-based.
   */
  metDeadlines: { id: string; name: string; due: string; metAt: string; missed: boolean }[];
  steppedFrom: WorkLink | null;
  followedBy: WorkLink | null;
  history: TransitionRecord[];
  /** Steps open to the reader from here, as the pack states them. */
  nextSteps: Transition[];
  /** A request waiting in a tray: no other step until it is decided. */
  awaiting: TransitionRecord | null;
  /**
   * Statutory work has an allocated worker chosen by the team manager: whether this is such
   * work, whether the reader may allocate, and the team's social workers to choose from.
   */
  allocation: { statutory: boolean; mayAllocate: boolean; workers: TeamWorker[] };
}

const linkedId = (data: Record<string, unknown>, key: string): string | null => {
  const v = data[key];
  if (typeof v === 'object' && v !== null && 'workItemId' in v) {
    const id = v.workItemId;
    return typeof id === 'string' ? id : null;
  }
  return null;
};

/**
 * The work that `data[key]` names (`steppedFrom`, `followedBy`), as a link with where it is; the
 * reader's access to the work is checked where they open it.
 */
export async function workLink(
  db: Kysely<Database>,
  packs: ReadonlyMap<string, ResolvedPack>,
  data: Record<string, unknown>,
  key: 'steppedFrom' | 'followedBy',
): Promise<WorkLink | null> {
  const other = linkedId(data, key);
  if (other === null) return null;
  const row = await db
    .selectFrom('work_items')
    .select(['id', 'pack_id', 'workflow_id', 'state'])
    .where('id', '=', other)
    .executeTakeFirst();
  if (!row) return null;
  const w = packs.get(row.pack_id)?.workflows.get(row.workflow_id);
  return {
    workItemId: row.id,
    workflowId: row.workflow_id,
    workflowName: w?.name ?? row.workflow_id,
    stateName: w?.states.find((s) => s.id === row.state)?.name ?? row.state,
  };
}

/** The work page's view; access is checked for every child the work concerns. */
export async function getWorkView(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  id: string,
): Promise<WorkView> {
  const item = await getWorkItem(db, ctx, packs, id);
  const pack = packs.get(item.packId);
  const history = await listWorkItemTransitions(db, ctx, packs, id);
  const agency = await db
    .selectFrom('agencies')
    .select('name')
    .where('id', '=', item.ownerAgencyId)
    .executeTakeFirst();
  const allDeadlines = await db
    .selectFrom('deadlines')
    .select(['id', 'name', 'due', 'met_at'])
    .where('work_item_id', '=', id)
    .orderBy('due')
    .orderBy('id')
    .execute();
  const deadlines = allDeadlines
    .filter((d) => d.met_at === null)
    .map((d) => ({ id: d.id, name: d.name, due: d.due }));
  const metDeadlines = allDeadlines.flatMap((d) =>
    d.met_at === null
      ? []
      : [
          {
            id: d.id,
            name: d.name,
            due: d.due,
            metAt: d.met_at,
            missed: deadlineMissed(d.due, d.met_at, londonDay(ctx.now)),
          },
        ],
  );
  const children =
    item.childIds.length === 0
      ? []
      : await db
          .selectFrom('people')
          .select(['id', 'given_name', 'family_name'])
          .where('id', 'in', item.childIds)
          .execute();
  const awaiting = history.find((h) => h.status === 'awaiting-authorisation') ?? null;
  const workflow = pack?.workflows.get(item.workflowId);
  const roles = ctx.actor?.roles ?? [];
  return {
    item,
    children: item.childIds.flatMap((cid) => {
      const p = children.find((c) => c.id === cid);
      return p ? [{ id: p.id, name: `${p.given_name} ${p.family_name}` }] : [];
    }),
    ownerAgencyName: agency?.name ?? '',
    deadlines: deadlines.map((d) => ({
      ...d,
      status: pack
        ? statusOf(pack, d.due, ctx.now)
        : { state: 'upcoming' as const, workingDaysLeft: 0 },
    })),
    metDeadlines,
    steppedFrom: await workLink(db, packs, item.data, 'steppedFrom'),
    followedBy: await workLink(db, packs, item.data, 'followedBy'),
    history,
    nextSteps:
      workflow && !item.final && awaiting === null
        ? availableTransitions(workflow, item.state, roles)
        : [],
    awaiting,
    allocation: await allocationChoices(db, ctx, item),
  };
}
