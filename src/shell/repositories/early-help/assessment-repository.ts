/**
 * The Early Help Assessment: a draft the practitioner saves as they go, completed at the plan
 * level the journey moved to. After a reassessment the completed one stays as it was.
 */
import { withTransaction } from '../../db/unit-of-work.js';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { BatonError } from '../../../core/errors/error-catalogue.js';
import { STATE_IDS, type LevelNumber } from '../../../core/policy/index.js';
import type { Database } from '../../db/index.js';
import type { RequestContext } from '../request-context.js';
import type { WorkItem } from '../work-repository.js';
import {
  actorOf,
  audited,
  expectOneUpdated,
  onTimeline,
  stale,
  type Db,
} from './early-help-shared.js';
import type { AssessmentFields, AssessmentView } from './early-help-views.js';
import { ensurePlan } from './plan-repository.js';

function toAssessmentView(a: Database['eh_assessments']): AssessmentView {
  return {
    id: a.id,
    status: a.status === 'complete' ? 'complete' : 'draft',
    source: a.source === 'cf-assessment' ? 'cf-assessment' : 'eha',
    sourceNote: a.source_note ?? '',
    family: a.family,
    childVoice: a.child_voice,
    parentViews: a.parent_views,
    strengths: a.strengths,
    needs: a.needs,
    otherAgencies: a.other_agencies,
    analysis: a.analysis,
    planLevel: (a.plan_level ?? null) as LevelNumber | null,
    completedAt: a.completed_at,
    completedBy: a.completed_by,
    updatedAt: a.updated_at,
    updatedBy: a.updated_by,
    version: a.version,
  };
}

/** The episode's assessment, if one has been started. */
export async function findAssessment(db: Db, workItemId: string): Promise<AssessmentView | null> {
  const a = await db
    .selectFrom('eh_assessments')
    .selectAll()
    .where('work_item_id', '=', workItemId)
    .orderBy('created_at', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return a ? toAssessmentView(a) : null;
}

/** Save the assessment as a draft; `expectedVersion` is the version read (none for a new one). */
export async function saveAssessmentDraft(
  db: Kysely<Database>,
  ctx: RequestContext,
  item: WorkItem,
  fields: AssessmentFields,
  expectedVersion: number | undefined,
): Promise<AssessmentView> {
  const actor = actorOf(ctx);
  const current = await findAssessment(db, item.id);
  if (current?.status === 'complete' && item.state !== STATE_IDS.episodeAssessment)
    throw new BatonError('BATON_TRANSITION_NOT_ALLOWED', {
      message: 'The assessment is complete. Decide at a review to reassess before changing it.',
    });
  // After a reassessment the completed assessment stays as it was; the new one starts as a draft.
  const existing = current?.status === 'draft' ? current : null;
  const columns = {
    source: fields.source,
    source_note: fields.sourceNote === '' ? null : fields.sourceNote,
    family: fields.family,
    child_voice: fields.childVoice,
    parent_views: fields.parentViews,
    strengths: fields.strengths,
    needs: fields.needs,
    other_agencies: fields.otherAgencies,
    analysis: fields.analysis,
    updated_by: actor.userId,
    updated_at: ctx.now,
  };
  await withTransaction(db, async (trx) => {
    let id: string;
    if (existing) {
      if (expectedVersion !== undefined && expectedVersion !== existing.version) throw stale();
      const res = await trx
        .updateTable('eh_assessments')
        .set({ ...columns, version: existing.version + 1 })
        .where('id', '=', existing.id)
        .where('version', '=', existing.version)
        .executeTakeFirst();
      expectOneUpdated(res);
      id = existing.id;
    } else {
      // Someone else may have started it since this form was opened: a version means "I read one".
      if (current === null && expectedVersion !== undefined && expectedVersion > 0) throw stale();
      id = randomUUID();
      await trx
        .insertInto('eh_assessments')
        .values({
          id,
          work_item_id: item.id,
          status: 'draft',
          ...columns,
          plan_level: null,
          completed_at: null,
          completed_by: null,
          created_by: actor.userId,
          created_at: ctx.now,
          version: 1,
        })
        .execute();
      await onTimeline(trx, ctx, item, {
        kind: 'early-help.assessment-started',
        summary:
          fields.source === 'cf-assessment'
            ? 'Early help assessment recorded from the Child and Family Assessment'
            : 'Early Help Assessment started',
        objectType: 'early-help-assessment',
        objectId: id,
      });
    }
    await audited(trx, ctx, 'early-help.assessment.save', 'early-help-assessment', id);
  });
  const saved = await findAssessment(db, item.id);
  if (!saved) throw new BatonError('BATON_INTERNAL');
  return saved;
}

/**
 * Mark the assessment complete at the plan level the journey moved to, and make sure the episode
 * has a plan to hang outcomes and actions on.
 */
export async function markAssessmentComplete(
  db: Kysely<Database>,
  ctx: RequestContext,
  item: WorkItem,
  assessment: AssessmentView,
  planLevel: LevelNumber,
): Promise<void> {
  const actor = actorOf(ctx);
  await withTransaction(db, async (trx) => {
    const res = await trx
      .updateTable('eh_assessments')
      .set({
        status: 'complete',
        plan_level: planLevel,
        completed_at: ctx.now,
        completed_by: actor.userId,
        updated_at: ctx.now,
        updated_by: actor.userId,
        version: assessment.version + 1,
      })
      .where('id', '=', assessment.id)
      .where('version', '=', assessment.version)
      .executeTakeFirst();
    expectOneUpdated(res);
    await ensurePlan(trx, ctx, item.id);
    await audited(
      trx,
      ctx,
      'early-help.assessment.complete',
      'early-help-assessment',
      assessment.id,
    );
  });
}
