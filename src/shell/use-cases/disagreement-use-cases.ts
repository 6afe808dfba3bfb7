/**
 * Professional disagreement (issue 4): a practitioner who disagrees with a decision about a child
 * (a contact decision, a step down…) raises it, and it moves through the stages of the pack's
 * escalation policy (Walsall 002 "Concern Resolution Process"; the national generic version
 * elsewhere) as a piece of work of its own, workflow `disagreement`. Its steps go through the
 * generic `POST /api/work-items/{id}/transitions`, so each step's response and outcome, its
 * deadlines and notifications come from the pack.
 *
 * A disagreement never blocks a referral: it only reads the work it is about, and never changes,
 * locks or holds it (Walsall 002: "at no time must professional disagreement detract from
 * ensuring a child is safeguarded").
 */
import { withTransaction } from '../db/unit-of-work.js';
import type { Kysely } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import { WORKFLOW_IDS, type ResolvedPack } from '../../core/policy/index.js';
import type { Database } from '../db/index.js';
import { findPack } from '../policy/pack-views.js';
import { disagreementRaisedEffects } from '../../core/journey/index.js';
import {
  appendAudit,
  applyEffects,
  authoriseChild,
  findPractitioner,
  loadWorkItem,
  requestTransition,
  startWork,
  type RequestContext,
  type TransitionOutcome,
  type WorkItem,
} from '../repositories/index.js';

export const DISAGREEMENT_WORKFLOW = WORKFLOW_IDS.disagreement;

export interface RaiseDisagreement {
  childId: string;
  /** The work the disagreement is about (e.g. the contact whose decision is disputed). */
  aboutWorkItemId?: string | undefined;
  /** The decision record the disagreement is about (a transition record id). */
  aboutTransitionId?: string | undefined;
  /** With whom: the practitioner, team or agency whose view differs. */
  withWhom: string;
  /** With whom, when they use Baton: they are told (and their name and agency fill `withWhom`). */
  withWhomUserId?: string | undefined;
  summary: string;
}

export interface DisagreementData {
  aboutWorkItemId: string | null;
  aboutTransitionId: string | null;
  withWhom: string;
  withWhomUserId?: string | null;
  summary: string;
  raisedBy: { userId: string; name: string; agencyId: string };
}

/** The work or decision a disagreement is about must exist and concern the child. */
async function checkAbout(
  db: Kysely<Database>,
  childId: string,
  input: RaiseDisagreement,
): Promise<{ aboutWorkItemId: string | null; aboutTransitionId: string | null }> {
  let workItemId = input.aboutWorkItemId ?? null;
  const transitionId = input.aboutTransitionId ?? null;
  if (transitionId !== null) {
    const t = await db
      .selectFrom('transitions')
      .select(['work_item_id'])
      .where('id', '=', transitionId)
      .executeTakeFirst();
    if (!t || (workItemId !== null && t.work_item_id !== workItemId))
      throw new BatonError('BATON_VALIDATION', {
        details: [
          {
            path: 'aboutTransitionId',
            message: 'There is no decision with that id on the work this disagreement is about',
          },
        ],
      });
    workItemId = t.work_item_id;
  }
  if (workItemId !== null) {
    const concerns = await db
      .selectFrom('work_item_children')
      .select('work_item_id')
      .where('work_item_id', '=', workItemId)
      .where('child_id', '=', childId)
      .executeTakeFirst();
    if (!concerns)
      throw new BatonError('BATON_VALIDATION', {
        details: [
          {
            path: input.aboutWorkItemId !== undefined ? 'aboutWorkItemId' : 'aboutTransitionId',
            message: 'The work this disagreement is about must concern this child',
          },
        ],
      });
  }
  return { aboutWorkItemId: workItemId, aboutTransitionId: transitionId };
}

/**
 * Raise a disagreement about a decision on a child. Anyone who can see the child may disagree
 * (read access, not write); the disagreement is owned by the raiser's agency, whose team managers
 * see its deadlines.
 */
export async function raiseDisagreement(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  packId: string,
  input: RaiseDisagreement,
): Promise<WorkItem> {
  const pack = findPack(packs, packId);
  const { actor } = await authoriseChild(db, ctx, input.childId, 'read', {
    action: 'disagreement.raise',
    objectType: 'child',
    objectId: input.childId,
  });
  const withUser =
    input.withWhomUserId !== undefined && input.withWhomUserId.trim() !== ''
      ? await findPractitioner(db, input.withWhomUserId.trim())
      : null;
  const withWhom =
    input.withWhom.trim() !== ''
      ? input.withWhom.trim()
      : withUser
        ? `${withUser.name} (${withUser.agency})`
        : '';
  const details = [
    ...(input.withWhomUserId !== undefined && input.withWhomUserId.trim() !== '' && !withUser
      ? [{ path: 'withWhomUserId', message: 'There is no active Baton user with that id' }]
      : []),
    ...(withWhom === '' ? [{ path: 'withWhom', message: 'Say whom you disagree with' }] : []),
    ...(input.summary.trim() === ''
      ? [{ path: 'summary', message: 'Say what you disagree with and why' }]
      : []),
  ];
  if (details.length > 0) throw new BatonError('BATON_VALIDATION', { details });
  const about = await checkAbout(db, input.childId, input);
  const data: DisagreementData = {
    ...about,
    withWhom,
    withWhomUserId: withUser?.userId ?? null,
    summary: input.summary.trim(),
    raisedBy: { userId: actor.userId, name: actor.displayName, agencyId: actor.agencyId },
  };
  const id = await withTransaction(db, async (trx) => {
    const workId = await startWork(trx, ctx, {
      pack,
      workflowId: DISAGREEMENT_WORKFLOW,
      subjectType: 'child',
      subjectId: input.childId,
      childIds: [input.childId],
      level: null,
      ownerAgencyId: actor.agencyId,
      data: { ...data },
    });
    // Whoever it is with, and whoever made the decision disputed, is told at once (issue 14 §5).
    const decider = about.aboutTransitionId
      ? await trx
          .selectFrom('transitions')
          .select('decided_by')
          .where('id', '=', about.aboutTransitionId)
          .executeTakeFirst()
      : undefined;
    const told = [withUser?.userId, decider?.decided_by].filter(
      (u): u is string => typeof u === 'string' && u !== actor.userId,
    );
    await applyEffects(trx, ctx, pack, disagreementRaisedEffects(workId, told, actor.displayName));
    await appendAudit(trx, ctx, {
      action: 'disagreement.raise',
      objectType: 'child',
      objectId: input.childId,
      outcome: 'allowed',
      reason: workId,
    });
    return workId;
  });
  const item = await loadWorkItem(db, packs, id);
  if (!item) throw new BatonError('BATON_INTERNAL');
  return item;
}

/** The disagreements raised about a child, newest first. */
export async function listDisagreements(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  childId: string,
): Promise<WorkItem[]> {
  await authoriseChild(db, ctx, childId, 'read', {
    action: 'disagreement.list',
    objectType: 'child',
    objectId: childId,
  });
  const rows = await db
    .selectFrom('work_items')
    .innerJoin('work_item_children', 'work_item_children.work_item_id', 'work_items.id')
    .select('work_items.id')
    .where('work_item_children.child_id', '=', childId)
    .where('work_items.workflow_id', '=', DISAGREEMENT_WORKFLOW)
    .orderBy('work_items.opened_at', 'desc')
    .orderBy('work_items.id')
    .limit(200)
    .execute();
  const items: WorkItem[] = [];
  for (const r of rows) {
    const item = await loadWorkItem(db, packs, r.id);
    if (item) items.push(item);
  }
  await appendAudit(db, ctx, {
    action: 'disagreement.list',
    objectType: 'child',
    objectId: childId,
    outcome: 'allowed',
  });
  return items;
}

/**
 * Take one of the pack's steps on a disagreement (escalate, record a response, resolve). Only the
 * fields the step requires are kept from `answers`; blanks are left out so the pack refuses them.
 */
export async function takeDisagreementStep(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  step: {
    disagreementId: string;
    transitionId: string;
    answers: Readonly<Record<string, string>>;
    expectedVersion?: number | undefined;
  },
): Promise<TransitionOutcome> {
  const item = await loadWorkItem(db, packs, step.disagreementId);
  // Access first (checked and audited for every child the work concerns), so that whether an id
  // is a disagreement is told only to someone who may change that child's record.
  for (const childId of item?.childIds ?? [])
    await authoriseChild(db, ctx, childId, 'write', {
      action: 'disagreement.step',
      objectType: 'work-item',
      objectId: step.disagreementId,
    });
  if (item?.workflowId !== DISAGREEMENT_WORKFLOW)
    throw new BatonError('BATON_NOT_FOUND', { message: 'There is no disagreement with that id.' });
  const t = packs
    .get(item.packId)
    ?.workflows.get(DISAGREEMENT_WORKFLOW)
    ?.transitions.find((x) => x.id === step.transitionId);
  const payload: Record<string, string> = {};
  for (const f of t?.requires ?? []) {
    const v = (step.answers[f.field] ?? '').trim();
    if (v !== '') payload[f.field] = v;
  }
  return requestTransition(db, ctx, packs, {
    workItemId: item.id,
    transitionId: step.transitionId,
    payload,
    expectedVersion: step.expectedVersion,
  });
}
