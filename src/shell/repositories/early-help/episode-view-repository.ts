/**
 * Everything about one episode for its pages and the API: deadlines, the assessment, the plan
 * and its actions, meetings and distribution, reviews, new concerns, the journey's history, how
 * it closed and the steps open to the actor next.
 */
import type { Kysely } from 'kysely';
import { availableTransitions } from '../../../core/journey/index.js';
import { newConcernsOffer, TIMESCALE_IDS, type ResolvedPack } from '../../../core/policy/index.js';
import { statusOf } from '../../calendar/index.js';
import type { Database } from '../../db/index.js';
import type { RequestContext } from '../request-context.js';
import { getWorkItem, workflowOf } from '../work-repository.js';
import { firstChildOf } from '../work-items.js';
import { workLink } from '../work-view-repository.js';
import { findAssessment } from './assessment-repository.js';
import { toConcernView } from './concern-repository.js';
import { payloadOf, texts, today } from './early-help-shared.js';
import type { DeadlineView, EpisodeView } from './early-help-views.js';
import { childName } from './episode-people-repository.js';
import { loadEpisode } from './episode-repository.js';
import { toDistributionView, toMeetingView } from './meeting-repository.js';
import { toActionView } from './plan-repository.js';
import { toReviewView } from './review-repository.js';

/** Everything about an episode, after checking the actor may read the child's record. */
export async function readEpisode(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  id: string,
): Promise<EpisodeView> {
  await loadEpisode(db, packs, id);
  const item = await getWorkItem(db, ctx, packs, id);
  const pack = packs.get(item.packId);
  const childId = firstChildOf(item) ?? item.subjectId;
  const child = (await childName(db, childId)) ?? { id: childId, name: '', dateOfBirth: null };
  // A family's episode (issue 14 §4): every child in it, the one it was opened for first.
  const children = [child];
  for (const other of item.childIds.filter((c) => c !== childId)) {
    const named = await childName(db, other);
    if (named) children.push(named);
  }
  const [deadlineRows, assessment, plan, actions, meetings, distributions, reviews, concerns] =
    await Promise.all([
      db
        .selectFrom('deadlines')
        .selectAll()
        .where('work_item_id', '=', id)
        .orderBy('opened_at')
        .execute(),
      findAssessment(db, id),
      db.selectFrom('eh_plans').selectAll().where('work_item_id', '=', id).executeTakeFirst(),
      db
        .selectFrom('eh_plan_actions')
        .selectAll()
        .where('work_item_id', '=', id)
        .orderBy('due_date')
        .orderBy('created_at')
        .execute(),
      db
        .selectFrom('eh_meetings')
        .selectAll()
        .where('work_item_id', '=', id)
        .orderBy('held_on')
        .orderBy('created_at')
        .execute(),
      db
        .selectFrom('eh_distributions')
        .selectAll()
        .where('work_item_id', '=', id)
        .orderBy('sent_on')
        .orderBy('recorded_at')
        .execute(),
      db
        .selectFrom('eh_reviews')
        .selectAll()
        .where('work_item_id', '=', id)
        .orderBy('review_date')
        .orderBy('created_at')
        .execute(),
      db
        .selectFrom('eh_concerns')
        .selectAll()
        .where('work_item_id', '=', id)
        .orderBy('created_at')
        .execute(),
    ]);
  const history = await db
    .selectFrom('transitions')
    .selectAll()
    .where('work_item_id', '=', id)
    .orderBy('requested_at')
    .execute();
  const workflow = pack ? workflowOf(pack, item.workflowId) : undefined;
  const deadlines: DeadlineView[] = deadlineRows.map((d) => ({
    timescaleId: d.timescale_id,
    name: d.name,
    due: d.due,
    metAt: d.met_at,
    state: d.met_at !== null ? 'met' : pack ? statusOf(pack, d.due, ctx.now).state : 'upcoming',
  }));
  const openDue = (timescaleId: string): string | null =>
    deadlines
      .filter((d) => d.timescaleId === timescaleId && d.metAt === null)
      .map((d) => d.due)
      .sort()[0] ?? null;
  const distributionViews = distributions.map(toDistributionView);
  const closing = [...history]
    .reverse()
    .find(
      (t) => t.status === 'applied' && workflow?.states.find((s) => s.id === t.to_state)?.final,
    );
  const closingPayload = closing ? payloadOf(closing.payload) : {};
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const waiting = history.find((t) => t.status === 'awaiting-authorisation');
  const newConcerns = (): EpisodeView['newConcerns'] => {
    if (!pack || !workflow || item.final) return { ok: false, reason: null };
    const offer = newConcernsOffer(pack, workflow, item.state, ctx.actor?.roles ?? []);
    return offer.ok ? { ok: true, reason: null } : { ok: false, reason: offer.reason };
  };
  return {
    id: item.id,
    packId: item.packId,
    packVersion: item.packVersion,
    authority: pack?.authority ?? item.packId,
    child,
    children,
    state: item.state,
    stateName: item.stateName,
    final: item.final,
    level: item.level,
    leadProfessional: item.leadProfessional,
    openedAt: item.openedAt,
    closedAt: item.closedAt,
    version: item.version,
    ehaDue: openDue(TIMESCALE_IDS.ehaCompletion),
    nextReviewDue: plan?.next_review_date ?? openDue(TIMESCALE_IDS.ehReview),
    deadlines,
    assessment,
    plan: {
      outcomes: plan ? texts(plan.outcomes) : [],
      nextReviewDate: plan?.next_review_date ?? null,
      version: plan?.version ?? 0,
      actions: actions.map((a) => toActionView(a, today(ctx))),
      distribution: distributionViews.filter((d) => d.document === 'plan'),
    },
    meetings: meetings.map((m) => toMeetingView(m, distributionViews)),
    reviews: reviews.map(toReviewView),
    concerns: concerns.map(toConcernView),
    history: history.map((t) => ({
      id: t.id,
      transitionId: t.transition_id,
      name: workflow?.transitions.find((x) => x.id === t.transition_id)?.name ?? t.transition_id,
      fromState: t.from_state,
      toState: t.to_state,
      outcome: t.outcome,
      status: t.status,
      requestedAt: t.requested_at,
      decidedAt: t.decided_at,
      payload: payloadOf(t.payload),
    })),
    closure: closing
      ? {
          outcome: closing.outcome,
          whereToGetHelp: text(closingPayload.whereToGetHelp),
          ifConcernsRise: text(closingPayload.ifConcernsRise),
          closedAt: closing.decided_at ?? closing.requested_at,
        }
      : null,
    nextSteps:
      workflow && ctx.actor && waiting === undefined && !item.final
        ? availableTransitions(workflow, item.state, ctx.actor.roles).map((t) => ({
            id: t.id,
            name: t.name,
            role: t.role ?? null,
            authorisedBy: t.authorisedBy ?? [],
          }))
        : [],
    awaiting: waiting
      ? {
          name:
            workflow?.transitions.find((x) => x.id === waiting.transition_id)?.name ??
            waiting.transition_id,
          requestedAt: waiting.requested_at,
        }
      : null,
    newConcerns: newConcerns(),
    steppedFrom: await workLink(db, packs, item.data, 'steppedFrom'),
    followedBy: await workLink(db, packs, item.data, 'followedBy'),
  };
}
