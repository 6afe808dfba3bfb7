/**
 * Reading professional disagreements for the pages (issue 4): one disagreement with its stage,
 * each step's response and outcome, deadlines and the steps the pack allows next; and the
 * decisions on a child that one can be about.
 * Access is checked and audited here; lists filter in SQL.
 */
import type { Kysely } from 'kysely';
import type { DeadlineState } from '../../core/calendar/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Citation, ResolvedPack } from '../../core/policy/index.js';
import { statusOf } from '../calendar/index.js';
import type { Database } from '../db/index.js';
import { appendAudit } from './audit-repository.js';
import { authoriseChild } from './child-access.js';
import { packFor, str, WORKFLOW } from './disagreement-data.js';
import type { RequestContext } from './request-context.js';
import { getWorkItem } from './work-repository.js';

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
