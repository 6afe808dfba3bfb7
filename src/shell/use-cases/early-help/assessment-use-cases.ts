/**
 * The Early Help Assessment: the whole family, the child's own words, strengths and needs, saved
 * as a draft and completed with the plan level the journey moves the episode to.
 */
import { withTransaction } from '../../db/unit-of-work.js';
import { BatonError, type ErrorDetail } from '../../../core/errors/error-catalogue.js';
import { STATE_IDS, transitionsWithRole } from '../../../core/policy/index.js';
import {
  findAssessment,
  markAssessmentComplete,
  readEpisode,
  requestTransition,
  saveAssessmentDraft,
  type AssessmentFields,
  type AssessmentView,
  type EpisodeView,
  type RequestContext,
  type TransitionOutcome,
} from '../../repositories/index.js';
import {
  blank,
  invalid,
  isPlanState,
  levelOfState,
  writableEpisode,
  type EarlyHelpDeps,
} from './early-help-support.js';

/** Save the EHA as a draft (whole family, the child's own words, strengths and needs). */
export async function saveAssessment(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  id: string,
  fields: AssessmentFields,
  version: number | undefined,
): Promise<AssessmentView> {
  const { item, workflow } = await writableEpisode(deps, ctx, id, 'early-help.assessment.save');
  // Walsall 002: after a step down the Child and Family Assessment takes the place of an EHA, so
  // it may be recorded while the plan is under way; an EHA itself is written in the assessment.
  const allowed =
    item.state === STATE_IDS.episodeAssessment ||
    (fields.source === 'cf-assessment' && !item.final && isPlanState(workflow, item.state));
  if (!allowed)
    throw new BatonError('BATON_TRANSITION_NOT_ALLOWED', {
      message: `The assessment can be written while it is under way; the episode is "${item.stateName}".`,
    });
  if (fields.source === 'cf-assessment' && blank(fields.sourceNote))
    throw invalid([
      {
        path: 'sourceNote',
        message:
          'Say which Child and Family Assessment stands in for the EHA (its date and who completed it)',
      },
    ]);
  return saveAssessmentDraft(deps.db, ctx, item, trimFields(fields), version);
}

function trimFields(f: AssessmentFields): AssessmentFields {
  return {
    source: f.source,
    sourceNote: f.sourceNote.trim(),
    family: f.family.trim(),
    childVoice: f.childVoice.trim(),
    parentViews: f.parentViews.trim(),
    strengths: f.strengths.trim(),
    needs: f.needs.trim(),
    otherAgencies: f.otherAgencies.trim(),
    analysis: f.analysis.trim(),
  };
}

/**
 * Complete the EHA: the journey moves the episode to a single-agency plan (level 2) or a Team
 * Around the Family plan (level 3), meeting the EHA deadline and starting the review cycle.
 */
async function completeAssessmentWithin(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  id: string,
  input: { planLevel: 2 | 3; version: number; rationale?: string | undefined },
): Promise<{ episode: EpisodeView; status: TransitionOutcome['status'] }> {
  const { item, workflow } = await writableEpisode(deps, ctx, id, 'early-help.assessment.complete');
  const assessment = await findAssessment(deps.db, item.id);
  if (!assessment || assessment.status !== 'draft')
    throw new BatonError('BATON_TRANSITION_NOT_ALLOWED', {
      message: assessment
        ? 'The assessment is already complete.'
        : 'Save the assessment before completing it.',
    });
  if (assessment.version !== input.version) throw new BatonError('BATON_STALE_EDIT');
  const details: ErrorDetail[] = [];
  if (assessment.source === 'eha') {
    // Stockport 001 (the EHA speaks to the child and involves both parents) and Worcestershire 004
    // App. 3 ("identify the strengths and the needs of the family").
    if (blank(assessment.family))
      details.push({
        path: 'family',
        message: 'Describe the whole family: who lives with the child and who matters to them',
      });
    if (blank(assessment.childVoice))
      details.push({
        path: 'childVoice',
        message: "Record the child's own words about their life and what they want",
      });
    if (blank(assessment.strengths))
      details.push({ path: 'strengths', message: "Record the family's strengths" });
    if (blank(assessment.needs))
      details.push({ path: 'needs', message: "Record the family's needs" });
  }
  if (details.length > 0) throw invalid(details);

  let status: TransitionOutcome['status'] = 'applied';
  if (item.state === STATE_IDS.episodeAssessment) {
    const t = transitionsWithRole(workflow, 'complete-assessment').find(
      (x) => x.from.includes(item.state) && levelOfState(workflow, x.to) === input.planLevel,
    );
    if (!t)
      throw invalid([
        {
          path: 'planLevel',
          message:
            'Choose a single-agency plan (level 2) or a Team Around the Family plan (level 3)',
        },
      ]);
    const outcome = await requestTransition(deps.db, ctx, deps.packs, {
      workItemId: item.id,
      transitionId: t.id,
      // The engine sets the level from the state the plan enters.
      payload: blank(input.rationale) ? {} : { rationale: (input.rationale ?? '').trim() },
    });
    status = outcome.status;
  } else if (item.level !== input.planLevel) {
    // A C&F assessment recorded after a step down completes at the plan the episode already has.
    throw invalid([
      {
        path: 'planLevel',
        message: `The episode already has a level ${String(item.level)} plan; step up or down at a review to change it`,
      },
    ]);
  }
  if (status === 'applied')
    await markAssessmentComplete(deps.db, ctx, item, assessment, input.planLevel);
  return { episode: await readEpisode(deps.db, ctx, deps.packs, item.id), status };
}

/** `completeAssessment`, as one unit of work: every write it makes commits together or not at all. */
export function completeAssessment(...args: Parameters<typeof completeAssessmentWithin>) {
  const [deps, ...rest] = args;
  return withTransaction(deps.db, (db) => completeAssessmentWithin({ ...deps, db }, ...rest));
}
