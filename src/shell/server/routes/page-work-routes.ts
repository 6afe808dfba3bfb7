/**
 * The work page (issue 4): any piece of work — a C&F assessment, s47 enquiries, a CP or CIN plan,
 * a looked-after episode, a step-down transfer — with where it is, its deadlines, the work it
 * came from and the work that followed, its decisions, and a form for each next step the pack
 * allows, built from the pack (what the step must carry, the rules it checks, who authorises).
 * Also: start statutory work from a child's record, where the pack lets the role start it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isBatonError } from '../../../core/errors/error-catalogue.js';
import { WORKFLOW_IDS } from '../../../core/policy/index.js';
import {
  allocateWorker,
  carriedStepValues,
  getWorkView,
  listLeadProfessionalCandidates,
  mayDecide,
  requestTransition,
} from '../../use-cases/work-use-cases.js';
import { startableWorkflows, startStatutoryWork } from '../../use-cases/social-care-use-cases.js';
import type { AppDeps } from '../app-deps.js';
import { requireActor } from '../request-context-plugin.js';
import { fieldErrors, formProblem, versionOf, type FormProblem } from './early-help-form.js';
import { asForm, datePartsOf, field, readOccurredAt } from './form-values.js';
import { stepAnswers, stepProblem } from './step-form-post.js';
import { closureReasonField, stepForm } from './work-step-fields.js';
import { recordingPageOf } from './page-social-care-record-routes.js';

type Params = { id: string; transitionId?: string };

/** The link to a piece of social care work's recording page. */
const RECORDING_TEXT: Record<string, string> = {
  [WORKFLOW_IDS.cfAssessment]:
    'Record the assessment: start, factors identified, findings, primary need',
  [WORKFLOW_IDS.s47]: 'Section 47 dates: strategy discussion and conference',
  [WORKFLOW_IDS.cinPlan]: 'The child in need plan: needs, outcomes, actions, reviews',
  [WORKFLOW_IDS.cpPlan]: 'The child protection plan: categories of abuse and reviews',
};
type Problem = FormProblem & { code?: string | undefined };

/** Where the specialised page for a piece of work is, if it has one. */
const specialisedPage = (workflowId: string, id: string): string | null =>
  workflowId === WORKFLOW_IDS.earlyHelpEpisode
    ? `/early-help/${encodeURIComponent(id)}`
    : workflowId === WORKFLOW_IDS.disagreement
      ? `/disagreements/${encodeURIComponent(id)}`
      : null;

export function registerWorkPages(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.handle.db;
  const csrf = app.csrfProtection.bind(app);
  const params = (request: FastifyRequest) => request.params as Params;
  const sources = (packId: string) =>
    Object.fromEntries((deps.packs.get(packId)?.sources ?? []).map((s) => [s.id, s]));
  const problemContext = (problem?: Problem) => ({
    errors: problem?.errors ?? [],
    fieldErrors: fieldErrors(problem?.errors ?? []),
    missing: problem?.missing ?? [],
    refusalCode: problem?.code,
  });

  app.get('/work/:id', async (request, reply) => {
    requireActor(request);
    const v = await getWorkView(request.session, params(request).id);
    // One page for an early help episode: its own, which offers every step (issue 14 §7).
    const saved = (request.query as { saved?: string }).saved;
    if (v.item.workflowId === WORKFLOW_IDS.earlyHelpEpisode)
      return reply
        .status(303)
        .redirect(
          `/early-help/${encodeURIComponent(v.item.id)}${saved ? `?saved=${encodeURIComponent(saved)}` : ''}`,
        );
    return reply.render('work.njk', {
      title: v.item.workflowName,
      v,
      sourcesById: sources(v.item.packId),
      specialised: specialisedPage(v.item.workflowId, v.item.id),
      recordingPage: recordingPageOf(v.item.workflowId, v.item.id),
      recordingText: RECORDING_TEXT[v.item.workflowId],
      saved,
    });
  });

  app.post('/work/:id/allocation', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const { id } = params(request);
    const form = asForm(request.body);
    try {
      await allocateWorker(request.session, id, {
        userId: field(form, 'userId'),
        expectedVersion: Number(field(form, 'version')) || undefined,
      });
      return await reply.status(303).redirect(`/work/${encodeURIComponent(id)}?saved=allocated`);
    } catch (e) {
      if (!isBatonError(e) || (e.code !== 'BATON_VALIDATION' && e.code !== 'BATON_STALE_EDIT'))
        throw e;
      const v = await getWorkView(request.session, id);
      return reply.status(e.code === 'BATON_VALIDATION' ? 400 : 409).render('work.njk', {
        title: v.item.workflowName,
        v,
        sourcesById: sources(v.item.packId),
        specialised: specialisedPage(v.item.workflowId, v.item.id),
        ...problemContext({
          status: 400,
          errors: [
            {
              text:
                e.code === 'BATON_VALIDATION'
                  ? 'Choose a social worker in the team'
                  : 'Someone changed this work a moment ago. Check who is allocated and try again.',
              href: '#userId',
            },
          ],
          missing: [],
        }),
      });
    }
  });

  const renderStep = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    problem?: Problem,
    carried: readonly string[] = [],
  ) => {
    const v = await getWorkView(request.session, params(request).id);
    const step = v.nextSteps.find((t) => t.id === params(request).transitionId);
    if (!step)
      return reply.status(problem?.status ?? 409).render('work.njk', {
        title: v.item.workflowName,
        v,
        sourcesById: sources(v.item.packId),
        specialised: specialisedPage(v.item.workflowId, v.item.id),
        ...problemContext(
          problem ?? {
            status: 409,
            code: 'BATON_TRANSITION_NOT_ALLOWED',
            errors: [
              {
                text: 'That step is not open from here. Choose one of the next steps below.',
                href: '#next-steps',
              },
            ],
            missing: [],
          },
        ),
      });
    const form = stepForm(step);
    const workflow = deps.packs.get(v.item.packId)?.workflows.get(v.item.workflowId);
    const closure = closureReasonField(workflow, step);
    if (closure) {
      form.fields.push(closure.field);
      values = { closureReason: closure.suggested, ...values };
    }
    const toState = workflow?.states.find((s) => s.id === step.to);
    const startsName = step.starts
      ? deps.packs.get(v.item.packId)?.workflows.get(step.starts.workflow)?.name
      : undefined;
    const actor = request.ctx.actor;
    const canAuthorise = actor !== null && mayDecide(step, actor, v.item.ownerAgencyId);
    return reply.status(problem?.status ?? 200).render('work-step.njk', {
      title: step.name,
      canAuthorise,
      v,
      step,
      form,
      toStateName: toState?.name ?? step.to,
      startsName,
      candidates: form.fields.some((f) => f.kind === 'user')
        ? await listLeadProfessionalCandidates(request.session)
        : [],
      values,
      carried,
      // "When did it happen?" shows today until changed, and what was typed after a refusal.
      when:
        values['occurredAt-year'] !== undefined
          ? {
              day: values['occurredAt-day'],
              month: values['occurredAt-month'],
              year: values['occurredAt-year'],
            }
          : datePartsOf(request.ctx.now),
      sourcesById: sources(v.item.packId),
      ...problemContext(problem),
    });
  };

  app.get('/work/:id/steps/:transitionId', async (request, reply) => {
    requireActor(request);
    const { id, transitionId = '' } = params(request);
    // The form starts from what Baton holds (the pack's `carries`), shown for checking.
    const carried = await carriedStepValues(request.session, id, [transitionId]);
    return renderStep(request, reply, carried, undefined, Object.keys(carried));
  });

  app.post('/work/:id/steps/:transitionId', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const { id, transitionId = '' } = params(request);
    const form = asForm(request.body);
    const answers = stepAnswers(form);
    const when = readOccurredAt(form);
    const whenValues = {
      'occurredAt-day': when.parts.day,
      'occurredAt-month': when.parts.month,
      'occurredAt-year': when.parts.year,
    };
    if (when.error !== null)
      return renderStep(
        request,
        reply,
        { ...answers, ...whenValues, version: field(form, 'version') },
        { status: 400, errors: [{ text: when.error, href: '#occurredAt-day' }], missing: [] },
      );
    try {
      const outcome = await requestTransition(request.session, {
        workItemId: id,
        transitionId,
        payload: answers,
        expectedVersion: versionOf(form),
        occurredAt: when.occurredAt,
      });
      return await reply
        .status(303)
        .redirect(
          `/work/${encodeURIComponent(id)}?saved=${outcome.status === 'applied' ? 'applied' : 'requested'}`,
        );
    } catch (e) {
      const problem = stepProblem(e);
      return renderStep(
        request,
        reply,
        {
          ...answers,
          ...whenValues,
          version: problem.status === 409 ? '' : field(form, 'version'),
        },
        problem,
      );
    }
  });

  // --- starting statutory work from a child's record --------------------------------------

  const renderStart = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    problem?: Problem,
  ) => {
    return reply.status(problem?.status ?? 200).render('work-start.njk', {
      title: 'Start statutory work',
      childId: params(request).id,
      workflows: startableWorkflows(deps.packs.get(deps.config.packId), request.ctx),
      values,
      ...problemContext(problem),
    });
  };

  app.get('/children/:id/work/new', async (request, reply) => {
    requireActor(request);
    return renderStart(request, reply, {});
  });

  app.post('/children/:id/work', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const form = asForm(request.body);
    const values = { workflowId: field(form, 'workflowId'), rationale: field(form, 'rationale') };
    try {
      const item = await startStatutoryWork(db, request.ctx, deps.packs, deps.config.packId, {
        childId: params(request).id,
        workflowId: values.workflowId,
        rationale: values.rationale,
      });
      return await reply.status(303).redirect(`/work/${encodeURIComponent(item.id)}?saved=started`);
    } catch (e) {
      if (isBatonError(e) && e.code === 'BATON_ALREADY_OPEN')
        return renderStart(request, reply, values, {
          status: 409,
          code: e.code,
          errors: [{ text: e.message, href: '#workflowId' }],
          missing: [],
        });
      return renderStart(request, reply, values, formProblem(e, {}, 'workflowId'));
    }
  });
}
