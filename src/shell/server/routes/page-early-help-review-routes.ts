/** Pages for reviewing the plan, closing the episode, and new concerns on an open case. */
import type { FastifyInstance } from 'fastify';
import { readEpisode, type EpisodeView } from '../../use-cases/early-help-view-use-cases.js';
import {
  closeEpisode,
  closeReasons,
  closeReasonsOffered,
  raiseNewConcerns,
  recordReview,
  reviewDecisions,
  reviewOutcomes,
  type CloseReason,
  type ReviewDecision,
  type ReviewOutcome,
} from '../../use-cases/early-help/index.js';
import { carriedRoleValues } from '../../use-cases/work-use-cases.js';
import { requireActor } from '../request-context-plugin.js';
import {
  consentFrom,
  formProblem,
  values,
  versionOf,
  type FormProblem,
} from './early-help-form.js';
import type { EarlyHelpPageContext } from './early-help-page-context.js';
import {
  asForm,
  datePartsOf,
  datePartsValues,
  readDates,
  readOccurredAt,
  type PageError,
} from './form-values.js';

/** The close form's answers carried from earlier steps: the summary is the step's rationale. */
async function closingValues(
  session: Parameters<typeof carriedRoleValues>[0],
  id: string,
): Promise<Record<string, string>> {
  const carried = await carriedRoleValues(session, id, [
    'close-needs-met',
    'close-single-agency',
    'close-universal',
  ]);
  const values: Record<string, string> = {};
  if (carried.rationale !== undefined) values.summary = carried.rationale;
  if (carried.ifConcernsRise !== undefined) values.ifConcernsRise = carried.ifConcernsRise;
  if (carried.whereToGetHelp !== undefined) values.whereToGetHelp = carried.whereToGetHelp;
  return values;
}

/** The review, close and new-concerns forms of an episode. */
export function registerEarlyHelpReviewPages(
  app: FastifyInstance,
  pages: EarlyHelpPageContext,
): void {
  const { deps, eh, csrf, idOf, renderEpisodePage } = pages;

  const reviewFields = [
    'outcome',
    'decision',
    'summary',
    'broughtForwardReason',
    'whereToGetHelp',
    'ifConcernsRise',
    'sharingDecision',
    'sharingGivenByName',
    'sharingGivenBy',
    'version',
  ] as const;

  app.get('/early-help/:id/review', async (request, reply) => {
    requireActor(request);
    return renderEpisodePage(request, reply, 'early-help-review.njk', 'Review the plan', {
      values: datePartsValues('reviewDate', datePartsOf(request.ctx.now)),
      outcomes: reviewOutcomes,
      decisions: reviewDecisions,
    });
  });

  app.post('/early-help/:id/review', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const id = idOf(request);
    const form = asForm(request.body);
    const dates = readDates(form, { reviewDate: 'The date of the review' });
    const v = { ...values(form, reviewFields), ...dates.typed };
    const problems: PageError[] = [...dates.errors];
    if (!(reviewOutcomes as readonly string[]).includes(v.outcome ?? ''))
      problems.push({ text: 'Choose what the review found', href: '#outcome' });
    if (!(reviewDecisions as readonly string[]).includes(v.decision ?? ''))
      problems.push({ text: 'Choose what the review decided', href: '#decision' });
    try {
      if (problems.length === 0) {
        await recordReview(eh, request.ctx, id, {
          reviewDate: dates.iso.reviewDate ?? '',
          outcome: v.outcome as ReviewOutcome,
          decision: v.decision as ReviewDecision,
          summary: v.summary ?? '',
          broughtForwardReason: v.broughtForwardReason,
          whereToGetHelp: v.whereToGetHelp,
          ifConcernsRise: v.ifConcernsRise,
          consent:
            v.decision === 'step-up'
              ? consentFrom({ ...v, sharingMethod: 'verbal' }, 'sharing')
              : undefined,
          version: versionOf(form),
        });
        return await reply.status(303).redirect(`/early-help/${id}?saved=review`);
      }
    } catch (e) {
      const problem = formProblem(
        e,
        { consentRecorded: 'sharingDecision', 'consent.givenByName': 'sharingGivenByName' },
        'reviewDate',
      );
      return renderEpisodePage(
        request,
        reply,
        'early-help-review.njk',
        'Review the plan',
        {
          values: v,
          outcomes: reviewOutcomes,
          decisions: reviewDecisions,
          keepVersion: problem.status !== 409,
        },
        problem,
      );
    }
    return renderEpisodePage(
      request,
      reply,
      'early-help-review.njk',
      'Review the plan',
      { values: v, outcomes: reviewOutcomes, decisions: reviewDecisions, keepVersion: true },
      { status: 400, errors: problems, missing: [] },
    );
  });

  // --- closing

  const closeFields = [
    'reason',
    'summary',
    'whereToGetHelp',
    'ifConcernsRise',
    'escalationJudgement',
    'version',
  ] as const;
  app.get('/early-help/:id/close', async (request, reply) => {
    requireActor(request);
    // After a step down, what the transfer request carried (the pack's `carries`): the closure
    // summary and what happens if concerns rise, shown for checking.
    const carried = await closingValues(request.session, idOf(request));
    return renderEpisodePage(
      request,
      reply,
      'early-help-close.njk',
      'Close the early help episode',
      (episode) =>
        Promise.resolve({
          values: carried,
          carried: Object.keys(carried),
          reasons: closeReasonsOffered(episode),
        }),
    );
  });

  app.post('/early-help/:id/close', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const id = idOf(request);
    const form = asForm(request.body);
    const v = values(form, closeFields);
    try {
      if (!(closeReasons as readonly string[]).includes(v.reason ?? '')) {
        const problem: FormProblem = {
          status: 400,
          errors: [{ text: 'Choose why the episode is closing', href: '#reason' }],
          missing: [],
        };
        return await renderEpisodePage(
          request,
          reply,
          'early-help-close.njk',
          'Close the early help episode',
          (episode) =>
            Promise.resolve({
              values: v,
              reasons: closeReasonsOffered(episode),
              keepVersion: true,
            }),
          problem,
        );
      }
      await closeEpisode(eh, request.ctx, id, {
        reason: v.reason as CloseReason,
        summary: v.summary,
        whereToGetHelp: v.whereToGetHelp,
        ifConcernsRise: v.ifConcernsRise,
        escalationJudgement: v.escalationJudgement,
        version: versionOf(form),
      });
      return await reply.status(303).redirect(`/early-help/${id}?saved=closed`);
    } catch (e) {
      const problem = formProblem(e, {}, 'reason');
      return renderEpisodePage(
        request,
        reply,
        'early-help-close.njk',
        'Close the early help episode',
        (episode) =>
          Promise.resolve({
            values: v,
            reasons: closeReasonsOffered(episode),
            keepVersion: problem.status !== 409,
          }),
        problem,
      );
    }
  });

  // --- new concerns

  const concernFields = [
    'concerns',
    'childProtection',
    'frontDoorPhoned',
    'raisedByName',
    'raisedByAgency',
    'occurredAt-day',
    'occurredAt-month',
    'occurredAt-year',
  ] as const;
  const frontDoorOf = (episode: EpisodeView) =>
    (deps.packs.get(episode.packId)?.contacts ?? []).filter(
      (c) => c.kind === 'front-door' || c.kind === 'out-of-hours',
    );

  app.get('/early-help/:id/new-concerns', async (request, reply) => {
    requireActor(request);
    const episode = await readEpisode(request.session, idOf(request));
    return reply.render('early-help-concerns.njk', {
      title: 'New concerns on an open case',
      episode,
      frontDoor: frontDoorOf(episode),
      // "When did the concerns arise?" shows today until changed.
      values: Object.fromEntries(
        Object.entries(datePartsOf(request.ctx.now)).map(([k, p]) => [`occurredAt-${k}`, p]),
      ),
    });
  });

  app.post('/early-help/:id/new-concerns', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const id = idOf(request);
    const form = asForm(request.body);
    const v = values(form, concernFields);
    const when = readOccurredAt(form);
    try {
      if (when.error !== null)
        return await renderEpisodePage(
          request,
          reply,
          'early-help-concerns.njk',
          'New concerns on an open case',
          { values: v, frontDoor: frontDoorOf(await readEpisode(request.session, id)) },
          { status: 400, errors: [{ text: when.error, href: '#occurredAt-day' }], missing: [] },
        );
      if (v.childProtection !== 'yes' && v.childProtection !== 'no') {
        const problem: FormProblem = {
          status: 400,
          errors: [
            {
              text: 'Say whether this is an immediate child protection concern',
              href: '#childProtection',
            },
          ],
          missing: [],
        };
        return await renderEpisodePage(
          request,
          reply,
          'early-help-concerns.njk',
          'New concerns on an open case',
          {
            values: v,
            frontDoor: frontDoorOf(await readEpisode(request.session, id)),
          },
          problem,
        );
      }
      const result = await raiseNewConcerns(eh, request.ctx, id, {
        concerns: v.concerns ?? '',
        childProtection: v.childProtection === 'yes',
        frontDoorPhoned: v.frontDoorPhoned === 'yes',
        raisedByName: v.raisedByName,
        raisedByAgency: v.raisedByAgency,
        occurredAt: when.occurredAt,
      });
      return await reply.status(303).redirect(`/early-help/${id}?saved=concerns-${result.status}`);
    } catch (e) {
      const problem = formProblem(e, {}, 'concerns');
      return renderEpisodePage(
        request,
        reply,
        'early-help-concerns.njk',
        'New concerns on an open case',
        { values: v, frontDoor: frontDoorOf(await readEpisode(request.session, id)) },
        problem,
      );
    }
  });
}
