/**
 * Reading professional disagreements for the pages (issue 4): one disagreement with its stage,
 * each step's response and outcome, deadlines and the steps the pack allows next; the decisions on
 * a child that one can be about; and the open ones a manager's agency owns, overdue first.
 * Access is checked and audited here; lists filter in SQL.
 */
import type { Kysely } from 'kysely';
import type { Actor, Role } from '../../core/access/index.js';
import type { DeadlineState } from '../../core/calendar/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Citation, ResolvedPack } from '../../core/policy/index.js';
import { statusOf } from '../calendar/index.js';
import type { Database } from '../db/index.js';
import { appendAudit } from './audit-repository.js';
import { authoriseChild, visibleChildren } from './child-access.js';
import type { RequestContext } from './request-context.js';
import { getWorkItem } from './work-repository.js';

const WORKFLOW = 'disagreement';
/** Managers who oversee their agency's disagreements (Walsall 002 step 2: line managers). */
const MANAGER_ROLES: readonly Role[] = ['team-manager', 'designated-safeguarding-lead'];

export interface DisagreementDeadline {
  name: string;
  due: string;
  state: DeadlineState | 'met';
}

export interface DisagreementStepRecord {
  name: string;
  toStateName: string;
  outcome: string | null;
  at: string;
  by: string | null;
  /** What the step recorded, under the pack's labels. */
  answers: { label: string; text: string }[];
}

export interface DisagreementNextStep {
  transitionId: string;
  name: string;
  /** The stage it moves to, or null when it records something at the current stage. */
  toStateName: string | null;
  fields: { field: string; label: string; citation: Citation }[];
  /** The actor's role may take it (the pack's `requestedBy`). */
  allowed: boolean;
  citation: Citation;
}

export interface DisagreementView {
  id: string;
  version: number;
  packId: string;
  authority: string;
  child: { id: string; name: string };
  state: string;
  stateName: string;
  /** 1-based among the workflow's stages (its non-final states); null once resolved. */
  stage: number | null;
  stageCount: number;
  final: boolean;
  withWhom: string;
  summary: string;
  raisedBy: string;
  openedAt: string;
  closedAt: string | null;
  about: {
    workItemId: string;
    workName: string;
    decision: string | null;
    at: string | null;
  } | null;
  steps: DisagreementStepRecord[];
  deadlines: DisagreementDeadline[];
  nextSteps: DisagreementNextStep[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function packFor(packs: ReadonlyMap<string, ResolvedPack>, id: string): ResolvedPack {
  const pack = packs.get(id);
  if (!pack) throw new BatonError('BATON_UNKNOWN_PACK');
  return pack;
}

/** One disagreement for its page (the reader must be able to see the child). */
export async function readDisagreement(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  id: string,
): Promise<DisagreementView> {
  const item = await getWorkItem(db, ctx, packs, id);
  if (item.workflowId !== WORKFLOW)
    throw new BatonError('BATON_NOT_FOUND', { message: 'There is no disagreement with that id.' });
  const pack = packFor(packs, item.packId);
  const workflow = pack.workflows.get(WORKFLOW);
  if (!workflow) throw new BatonError('BATON_INTERNAL');
  const stateName = (s: string) => workflow.states.find((x) => x.id === s)?.name ?? s;
  const stages = workflow.states.filter((s) => !s.final);
  const childId = item.childIds[0] ?? item.subjectId;
  const child = await db
    .selectFrom('people')
    .select(['given_name', 'family_name'])
    .where('id', '=', childId)
    .executeTakeFirst();
  const rows = await db
    .selectFrom('transitions')
    .leftJoin('users', 'users.id', 'transitions.requested_by')
    .selectAll('transitions')
    .select('users.display_name')
    .where('transitions.work_item_id', '=', item.id)
    .where('transitions.status', '=', 'applied')
    .orderBy('transitions.requested_at')
    .orderBy('transitions.id')
    .execute();
  const steps = rows.map((r): DisagreementStepRecord => {
    const t = workflow.transitions.find((x) => x.id === r.transition_id);
    const payload = JSON.parse(r.payload) as Record<string, unknown>;
    return {
      name: t?.name ?? r.transition_id,
      toStateName: stateName(r.to_state),
      outcome: r.outcome,
      at: r.requested_at,
      by: r.display_name,
      answers: (t?.requires ?? [])
        .filter((f) => str(payload[f.field]) !== '')
        .map((f) => ({ label: f.label, text: str(payload[f.field]) })),
    };
  });
  const deadlines = await db
    .selectFrom('deadlines')
    .select(['name', 'due', 'met_at'])
    .where('work_item_id', '=', item.id)
    .orderBy('due')
    .orderBy('id')
    .execute();
  const actorRoles = ctx.actor?.roles ?? [];
  const data = item.data;
  return {
    id: item.id,
    version: item.version,
    packId: pack.id,
    authority: pack.authority,
    child: { id: childId, name: child ? `${child.given_name} ${child.family_name}` : childId },
    state: item.state,
    stateName: item.stateName,
    stage: item.final ? null : stages.findIndex((s) => s.id === item.state) + 1,
    stageCount: stages.length,
    final: item.final,
    withWhom: str(data.withWhom),
    summary: str(data.summary),
    raisedBy: str((data.raisedBy as { name?: unknown } | undefined)?.name),
    openedAt: item.openedAt,
    closedAt: item.closedAt,
    about: await aboutOf(db, packs, str(data.aboutWorkItemId), str(data.aboutTransitionId)),
    steps,
    deadlines: deadlines.map((d) => ({
      name: d.name,
      due: d.due,
      state: d.met_at !== null ? 'met' : statusOf(pack, d.due, ctx.now).state,
    })),
    nextSteps: workflow.transitions
      .filter((t) => t.from.includes(item.state))
      .map((t) => ({
        transitionId: t.id,
        name: t.name,
        toStateName: t.to === item.state ? null : stateName(t.to),
        fields: t.requires.map((f) => ({ field: f.field, label: f.label, citation: f.citation })),
        allowed: t.requestedBy.some((r) => actorRoles.includes(r)),
        citation: t.citation,
      })),
  };
}

/** The work and decision a disagreement is about, in words. */
async function aboutOf(
  db: Kysely<Database>,
  packs: ReadonlyMap<string, ResolvedPack>,
  workItemId: string,
  transitionId: string,
): Promise<DisagreementView['about']> {
  if (workItemId === '') return null;
  const work = await db
    .selectFrom('work_items')
    .select(['pack_id', 'workflow_id'])
    .where('id', '=', workItemId)
    .executeTakeFirst();
  if (!work) return null;
  const workflow = packs.get(work.pack_id)?.workflows.get(work.workflow_id);
  const t =
    transitionId === ''
      ? undefined
      : await db
          .selectFrom('transitions')
          .select(['transition_id', 'requested_at'])
          .where('id', '=', transitionId)
          .executeTakeFirst();
  return {
    workItemId,
    workName: workflow?.name ?? work.workflow_id,
    decision: t
      ? (workflow?.transitions.find((x) => x.id === t.transition_id)?.name ?? null)
      : null,
    at: t?.requested_at ?? null,
  };
}

export interface DecidedStep {
  transitionRecordId: string;
  workItemId: string;
  workName: string;
  decision: string;
  at: string;
  by: string | null;
}

/** The child's name and the decisions recorded on their work, newest first (for raising one). */
export async function decisionsOnChild(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  childId: string,
): Promise<{ child: { id: string; name: string }; decisions: DecidedStep[] }> {
  await authoriseChild(db, ctx, childId, 'read', {
    action: 'disagreement.decisions.read',
    objectType: 'child',
    objectId: childId,
  });
  const person = await db
    .selectFrom('people')
    .select(['given_name', 'family_name'])
    .where('id', '=', childId)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('transitions')
    .innerJoin('work_items', 'work_items.id', 'transitions.work_item_id')
    .innerJoin('work_item_children', 'work_item_children.work_item_id', 'work_items.id')
    .leftJoin('users', 'users.id', 'transitions.decided_by')
    .select([
      'transitions.id',
      'transitions.work_item_id',
      'transitions.transition_id',
      'transitions.decided_at',
      'transitions.requested_at',
      'work_items.pack_id',
      'work_items.workflow_id',
      'users.display_name',
    ])
    .where('work_item_children.child_id', '=', childId)
    .where('work_items.workflow_id', '!=', WORKFLOW)
    .where('transitions.status', '=', 'applied')
    .orderBy('transitions.requested_at', 'desc')
    .orderBy('transitions.id')
    .limit(30)
    .execute();
  await appendAudit(db, ctx, {
    action: 'disagreement.decisions.read',
    objectType: 'child',
    objectId: childId,
    outcome: 'allowed',
  });
  return {
    child: { id: childId, name: `${person.given_name} ${person.family_name}` },
    decisions: rows.map((r) => {
      const workflow = packs.get(r.pack_id)?.workflows.get(r.workflow_id);
      return {
        transitionRecordId: r.id,
        workItemId: r.work_item_id,
        workName: workflow?.name ?? r.workflow_id,
        decision:
          workflow?.transitions.find((t) => t.id === r.transition_id)?.name ?? r.transition_id,
        at: r.decided_at ?? r.requested_at,
        by: r.display_name,
      };
    }),
  };
}

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
  const visible = visibleChildren(db, actor, ctx.now);
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
