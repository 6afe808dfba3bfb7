/**
 * Reviews of the plan and what they decide (Worcestershire 004 App. 3): carry on, amend, step up
 * or down, reassess, or close the episode. The journey takes the step each decision names.
 */
import { withTransaction } from '../../db/unit-of-work.js';
import { isIsoDate } from '../../../core/calendar/index.js';
import { BatonError, type ErrorDetail } from '../../../core/errors/error-catalogue.js';
import type { Transition, Workflow } from '../../../core/journey/index.js';
import { stepIdFor, transitionFor, type StepRole } from '../../../core/policy/index.js';
import {
  insertReview,
  loadEpisode,
  meetingOnEpisode,
  plannedReviewDate,
  readEpisode,
  requestTransition,
  workflowOf,
  type EpisodeView,
  type RequestContext,
  type TransitionOutcome,
} from '../../repositories/index.js';
import {
  blank,
  checkDate,
  invalid,
  packOf,
  todayOf,
  writableEpisode,
  type EarlyHelpDeps,
} from './early-help-support.js';
import {
  recordSharingConsent,
  validateConsentForEach,
  type ConsentInput,
} from './episode-consent.js';

export const reviewOutcomes = ['positive-change', 'no-change', 'deterioration'] as const;
export type ReviewOutcome = (typeof reviewOutcomes)[number];
export const reviewDecisions = [
  'continue',
  'amend',
  'end-needs-met',
  'end-single-agency',
  'end-universal',
  'step-up',
  'step-down',
  'reassess',
] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];
export const closeReasons = [
  'needs-met',
  'single-agency',
  'universal',
  'consent-declined',
] as const;
export type CloseReason = (typeof closeReasons)[number];

export interface ReviewInput {
  reviewDate: string;
  outcome: ReviewOutcome;
  decision: ReviewDecision;
  summary: string;
  broughtForwardReason?: string | undefined;
  whereToGetHelp?: string | undefined;
  ifConcernsRise?: string | undefined;
  meetingId?: string | undefined;
  /** For a step up: the family's consent to share information with the agencies joining. */
  consent?: ConsentInput | undefined;
  version?: number | undefined;
}

/** The workflow step a review decision takes from the current state (Worcestershire 004 App. 3). */
export function transitionForDecision(
  workflow: Workflow,
  state: string,
  decision: ReviewDecision,
): Transition | undefined {
  const byRole = (role: StepRole) => transitionFor(workflow, state, role);
  switch (decision) {
    case 'continue':
    case 'amend':
      return byRole('review-continue');
    case 'end-needs-met':
      return byRole('close-needs-met');
    case 'end-single-agency':
      return byRole('close-single-agency');
    case 'end-universal':
      return byRole('close-universal');
    case 'step-up':
      return byRole('step-up-in-early-help');
    case 'step-down':
      return byRole('step-down-in-early-help');
    case 'reassess':
      return byRole('reassess');
  }
}

const decisionText: Record<ReviewDecision, string> = {
  continue: 'Continue the plan as it is',
  amend: 'Amend the plan',
  'end-needs-met': 'End the plan: needs met',
  'end-single-agency': 'End the plan: a single agency will meet the need',
  'end-universal': 'End the plan: universal services only',
  'step-up': 'Step up to a Team Around the Family plan',
  'step-down': 'Step down to a single-agency plan',
  reassess: 'Review and update the assessment',
};

/**
 * Record a review: what changed (positive change / no change / deterioration) and the decision,
 * which the journey carries out. A review held before the date planned for it has been brought
 * forward, and says why (004 App. 3: "The review can be brought forward").
 */
async function recordReviewWithin(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  id: string,
  input: ReviewInput,
): Promise<{ episode: EpisodeView; status: TransitionOutcome['status'] }> {
  const { item, workflow } = await writableEpisode(deps, ctx, id, 'early-help.review.add');
  const details: ErrorDetail[] = [];
  checkDate(details, 'reviewDate', input.reviewDate, 'The review date', { notAfter: todayOf(ctx) });
  if (blank(input.summary))
    details.push({ path: 'summary', message: 'Summarise progress against the plan' });
  const planned = await plannedReviewDate(deps.db, item.id);
  const broughtForward =
    planned !== null && isIsoDate(input.reviewDate) && input.reviewDate < planned;
  if (broughtForward && blank(input.broughtForwardReason))
    details.push({
      path: 'broughtForwardReason',
      message: `The review is earlier than planned (${planned}): say why it was brought forward`,
    });
  if (!blank(input.meetingId) && !(await meetingOnEpisode(deps.db, item.id, input.meetingId ?? '')))
    details.push({ path: 'meetingId', message: 'There is no such meeting on this episode' });
  // Consent to share is each child's: a family's episode records it on every child's ledger.
  const consent = input.consent;
  if (consent) await validateConsentForEach(deps, item.childIds, consent, details);
  if (details.length > 0) throw invalid(details);
  if (consent)
    for (const childId of item.childIds) await recordSharingConsent(deps, ctx, childId, consent);
  const t = transitionForDecision(workflow, item.state, input.decision);
  if (!t)
    throw new BatonError('BATON_TRANSITION_NOT_ALLOWED', {
      message: `"${decisionText[input.decision]}" is not open from "${item.stateName}".`,
    });
  const outcome = await requestTransition(deps.db, ctx, deps.packs, {
    workItemId: item.id,
    transitionId: t.id,
    expectedVersion: input.version,
    // The review's decision was made at the review: its deadlines count from that day.
    occurredAt: input.reviewDate,
    payload: {
      reviewOutcome: input.outcome,
      reviewDecision: input.decision,
      rationale: input.summary.trim(),
      ...(blank(input.whereToGetHelp)
        ? {}
        : { whereToGetHelp: (input.whereToGetHelp ?? '').trim() }),
      ...(blank(input.ifConcernsRise)
        ? {}
        : { ifConcernsRise: (input.ifConcernsRise ?? '').trim() }),
    },
  });
  await insertReview(deps.db, ctx, item, {
    meetingId: blank(input.meetingId) ? null : (input.meetingId ?? null),
    reviewDate: input.reviewDate,
    plannedDate: planned,
    broughtForwardReason: broughtForward ? (input.broughtForwardReason ?? '').trim() : null,
    outcome: input.outcome,
    decision: input.decision,
    summary: input.summary.trim(),
    transitionId: t.id,
    transitionRecordId: outcome.transitionRecordId,
    transitionStatus: outcome.status,
  });
  return { episode: await readEpisode(deps.db, ctx, deps.packs, id), status: outcome.status };
}

const closeRole: Record<CloseReason, StepRole> = {
  'needs-met': 'close-needs-met',
  'single-agency': 'close-single-agency',
  universal: 'close-universal',
  'consent-declined': 'close-consent-declined',
};

/**
 * The reasons for closing that the pack offers this reader from the episode's state: one for each
 * closing step among the episode's next steps (a TAF plan may not close as "universal services"
 * where the pack has no such step from its state). The page shows only these.
 */
export function closeReasonsOffered(episode: {
  nextSteps: readonly { role: string | null }[];
}): CloseReason[] {
  const roles = new Set(episode.nextSteps.map((s) => s.role));
  return closeReasons.filter((r) => roles.has(closeRole[r]));
}

/**
 * Close the episode. The pack's closing steps require where the family can get help later and
 * what happens if concerns rise again (Stockport 001, Worcestershire 004 App. 3).
 */
async function closeEpisodeWithin(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  id: string,
  input: {
    reason: CloseReason;
    summary?: string | undefined;
    whereToGetHelp?: string | undefined;
    ifConcernsRise?: string | undefined;
    escalationJudgement?: string | undefined;
    version?: number | undefined;
  },
): Promise<{ episode: EpisodeView; status: TransitionOutcome['status'] }> {
  const item = await loadEpisode(deps.db, deps.packs, id);
  const workflow = workflowOf(packOf(deps, item.packId), item.workflowId);
  const payload: Record<string, unknown> = {};
  for (const [k, v] of Object.entries({
    rationale: input.summary,
    whereToGetHelp: input.whereToGetHelp,
    ifConcernsRise: input.ifConcernsRise,
    escalationJudgement: input.escalationJudgement,
  }))
    if (!blank(v)) payload[k] = (v ?? '').trim();
  const outcome = await requestTransition(deps.db, ctx, deps.packs, {
    workItemId: item.id,
    transitionId: stepIdFor(workflow, item.state, closeRole[input.reason]),
    expectedVersion: input.version,
    payload,
  });
  return { episode: await readEpisode(deps.db, ctx, deps.packs, id), status: outcome.status };
}

/**
 * Step up (level 2 to a level 3 TAF plan) or down (level 3 to 2) inside early help. Stepping up
 * brings other agencies in, so the pack asks for consent to share information: it can be
 * recorded with the request.
 */
async function changeLevelWithin(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  id: string,
  direction: 'up' | 'down',
  input: { rationale: string; consent?: ConsentInput | undefined; version?: number | undefined },
): Promise<{ episode: EpisodeView; status: TransitionOutcome['status'] }> {
  const { item, workflow } = await writableEpisode(
    deps,
    ctx,
    id,
    `early-help-episode.step-${direction}`,
  );
  const details: ErrorDetail[] = [];
  if (blank(input.rationale))
    details.push({ path: 'rationale', message: `Say why the plan steps ${direction}` });
  const consent = input.consent;
  if (consent) await validateConsentForEach(deps, item.childIds, consent, details);
  if (details.length > 0) throw invalid(details);
  if (consent)
    for (const childId of item.childIds) await recordSharingConsent(deps, ctx, childId, consent);
  const role = direction === 'up' ? 'step-up-in-early-help' : 'step-down-in-early-help';
  const transitionId = stepIdFor(workflow, item.state, role);
  const outcome = await requestTransition(deps.db, ctx, deps.packs, {
    workItemId: item.id,
    transitionId,
    expectedVersion: input.version,
    payload: { rationale: input.rationale.trim() },
  });
  return { episode: await readEpisode(deps.db, ctx, deps.packs, id), status: outcome.status };
}

/** `recordReview`, as one unit of work: every write it makes commits together or not at all. */
export function recordReview(...args: Parameters<typeof recordReviewWithin>) {
  const [deps, ...rest] = args;
  return withTransaction(deps.db, (db) => recordReviewWithin({ ...deps, db }, ...rest));
}

/** `changeLevel`, as one unit of work: every write it makes commits together or not at all. */
export function changeLevel(...args: Parameters<typeof changeLevelWithin>) {
  const [deps, ...rest] = args;
  return withTransaction(deps.db, (db) => changeLevelWithin({ ...deps, db }, ...rest));
}

/** `closeEpisode`, as one unit of work: every write it makes commits together or not at all. */
export function closeEpisode(...args: Parameters<typeof closeEpisodeWithin>) {
  const [deps, ...rest] = args;
  return withTransaction(deps.db, (db) => closeEpisodeWithin({ ...deps, db }, ...rest));
}
