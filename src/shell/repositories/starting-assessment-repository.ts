/**
 * The assessment follow-on work starts with (the `start-work` effect's `assessment`, decided in
 * core/journey/starting-assessment.ts): written as a draft Early Help Assessment on the new
 * episode, for the lead professional to check and update with the family. Decides nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { StartingAssessment } from '../../core/journey/index.js';
import type { Database } from '../db/index.js';
import { appendAudit } from './audit-repository.js';
import { appendTimeline } from './child-access.js';
import type { RequestContext } from './request-context.js';

/** Write the starting assessment as the new episode's draft (inside the step's transaction). */
export async function insertStartingAssessment(
  db: Kysely<Database>,
  ctx: RequestContext,
  work: { id: string; childIds: readonly string[] },
  a: StartingAssessment,
  by: string,
): Promise<void> {
  const id = randomUUID();
  await db
    .insertInto('eh_assessments')
    .values({
      id,
      work_item_id: work.id,
      status: 'draft',
      source: a.source,
      source_note: a.sourceNote === '' ? null : a.sourceNote,
      family: '',
      child_voice: '',
      parent_views: '',
      strengths: a.strengths,
      needs: a.needs,
      other_agencies: '',
      analysis: a.analysis,
      plan_level: null,
      completed_at: null,
      completed_by: null,
      created_by: by,
      created_at: ctx.now,
      updated_by: by,
      updated_at: ctx.now,
      version: 1,
    })
    .execute();
  for (const childId of work.childIds)
    await appendTimeline(db, {
      childId,
      at: ctx.now,
      kind: 'early-help.assessment-started',
      summary: 'Early help assessment started from the social care record, for checking',
      objectType: 'early-help-assessment',
      objectId: id,
      actorUserId: by,
    });
  await appendAudit(db, ctx, {
    action: 'early-help.assessment.carry',
    objectType: 'early-help-assessment',
    objectId: id,
    outcome: 'allowed',
  });
}
