/**
 * The open professional disagreements a manager's agency owns, overdue first (issue 4: "overdue
 * steps on managers' pages"). Filtered in SQL by the manager's agency; children are named only
 * when the manager may see them.
 */
import type { Kysely } from 'kysely';
import type { Actor, Role } from '../../core/access/index.js';
import type { DeadlineState } from '../../core/calendar/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import { statusOf } from '../calendar/index.js';
import type { Database } from '../db/index.js';
import { appendAudit } from './audit-repository.js';
import { readableChildren } from './readable-children.js';
import { packFor, str, WORKFLOW } from './disagreement-data.js';
import type { RequestContext } from './request-context.js';

/** Managers who oversee their agency's disagreements (Walsall 002 step 2: line managers). */
const MANAGER_ROLES: readonly Role[] = ['team-manager', 'designated-safeguarding-lead'];

export interface AgencyDisagreement {
  id: string;
  stateName: string;
  stage: number | null;
  stageCount: number;
  withWhom: string;
  raisedBy: string;
  openedAt: string;
  /** Only children the manager may see are named. */
  children: { id: string; name: string }[];
  deadlines: { name: string; due: string; state: DeadlineState }[];
  overdue: boolean;
}

const isManager = (actor: Actor) => actor.roles.some((r) => MANAGER_ROLES.includes(r));

/**
 * The open disagreements the manager's agency owns, overdue first, with their open deadlines.
 * `null` for someone who is not a manager (their page has no such section).
 */
export async function listAgencyDisagreements(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
): Promise<AgencyDisagreement[] | null> {
  const actor = ctx.actor;
  if (!actor) throw new BatonError('BATON_NOT_SIGNED_IN');
  if (!isManager(actor)) return null;
  const items = await db
    .selectFrom('work_items')
    .select(['id', 'pack_id', 'state', 'data', 'opened_at'])
    .where('workflow_id', '=', WORKFLOW)
    .where('owner_agency_id', '=', actor.agencyId)
    .where('closed_at', 'is', null)
    .orderBy('opened_at')
    .orderBy('id')
    .limit(200)
    .execute();
  await appendAudit(db, ctx, { action: 'disagreement.agency-list', outcome: 'allowed' });
  if (items.length === 0) return [];
  const ids = items.map((i) => i.id);
  const deadlines = await db
    .selectFrom('deadlines')
    .select(['work_item_id', 'name', 'due'])
    .where('work_item_id', 'in', ids)
    .where('met_at', 'is', null)
    .orderBy('due')
    .orderBy('id')
    .execute();
  let q = db
    .selectFrom('work_item_children')
    .innerJoin('people', 'people.id', 'work_item_children.child_id')
    .select([
      'work_item_children.work_item_id',
      'people.id',
      'people.given_name',
      'people.family_name',
    ])
    .where('work_item_children.work_item_id', 'in', ids);
  const visible = readableChildren(db, actor, ctx.now);
  if (visible !== null) q = q.where('people.id', 'in', visible);
  const children = await q.execute();
  const list = items.map((i): AgencyDisagreement => {
    const pack = packFor(packs, i.pack_id);
    const workflow = pack.workflows.get(WORKFLOW);
    const stages = (workflow?.states ?? []).filter((s) => !s.final);
    const data = JSON.parse(i.data) as Record<string, unknown>;
    const due = deadlines
      .filter((d) => d.work_item_id === i.id)
      .map((d) => ({ name: d.name, due: d.due, state: statusOf(pack, d.due, ctx.now).state }));
    const stage = stages.findIndex((s) => s.id === i.state) + 1;
    return {
      id: i.id,
      stateName: stages.find((s) => s.id === i.state)?.name ?? i.state,
      stage: stage > 0 ? stage : null,
      stageCount: stages.length,
      withWhom: str(data.withWhom),
      raisedBy: str((data.raisedBy as { name?: unknown } | undefined)?.name),
      openedAt: i.opened_at,
      children: children
        .filter((c) => c.work_item_id === i.id)
        .map((c) => ({ id: c.id, name: `${c.given_name} ${c.family_name}` })),
      deadlines: due,
      overdue: due.some((d) => d.state === 'overdue'),
    };
  });
  const soonest = (d: AgencyDisagreement) => d.deadlines[0]?.due ?? '9999-12-31';
  return list.sort(
    (a, b) => Number(b.overdue) - Number(a.overdue) || soonest(a).localeCompare(soonest(b)),
  );
}
