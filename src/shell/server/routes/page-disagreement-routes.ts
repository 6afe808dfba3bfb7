/**
 * Pages for professional disagreement (issue 4): raise one from the child record, follow it
 * through the pack's stages, and take each step the pack allows. Every page says that a
 * disagreement never holds up a referral, with the pack's front-door contacts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { practiceRoles } from '../../../core/access/index.js';
import { listLeadProfessionalCandidates } from '../../use-cases/work-use-cases.js';
import { decisionsOnChild, readDisagreement } from '../../use-cases/disagreement-view-use-cases.js';
import { raiseDisagreement, takeDisagreementStep } from '../../use-cases/disagreement-use-cases.js';
import type { AppDeps } from '../app-deps.js';
import { requireActor } from '../request-context-plugin.js';
import {
  fieldErrors,
  formProblem,
  values,
  versionOf,
  type FormProblem,
} from './early-help-form.js';
import { asForm, field } from './form-values.js';
import { stepAnswers, stepProblem } from './step-form-post.js';

type Params = { id: string; transitionId?: string };

export function registerDisagreementPages(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.handle.db;
  const csrf = app.csrfProtection.bind(app);
  const params = (request: FastifyRequest) => request.params as Params;

  /** The pack's sources by id and its front-door contacts, for citations and the safety message. */
  const packContext = (packId: string) => {
    const pack = deps.packs.get(packId);
    return {
      sourcesById: Object.fromEntries((pack?.sources ?? []).map((s) => [s.id, s])),
      frontDoor: (pack?.contacts ?? []).filter(
        (c) => c.kind === 'front-door' || c.kind === 'out-of-hours',
      ),
      frontDoorName: pack?.frontDoorName ?? 'the front door',
    };
  };

  const problemContext = (problem?: FormProblem & { code?: string }) => ({
    errors: problem?.errors ?? [],
    fieldErrors: fieldErrors(problem?.errors ?? []),
    missing: problem?.missing ?? [],
    refusalCode: problem?.code,
  });

  // --- raising a disagreement ----------------------------------------------------------

  const renderNew = async (
    request: FastifyRequest,
    reply: FastifyReply,
    v: Record<string, string>,
    problem?: FormProblem,
  ) => {
    const childId = params(request).id;
    const options = await decisionsOnChild(request.session, childId);
    return reply.status(problem?.status ?? 200).render('disagreement-new.njk', {
      title: 'Raise a professional disagreement',
      ...options,
      // Whom with: Baton users who work with children (managers too), the family's team first.
      candidates: await listLeadProfessionalCandidates(request.session, {
        childIds: [childId],
        roles: practiceRoles,
      }),
      values: v,
      ...packContext(deps.config.packId),
      ...problemContext(problem),
    });
  };

  app.get('/children/:id/disagreements/new', async (request, reply) => {
    requireActor(request);
    return renderNew(request, reply, {});
  });

  app.post('/children/:id/disagreements', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const v = values(asForm(request.body), ['about', 'withWhomUserId', 'withWhom', 'summary']);
    // "Someone outside Baton" (or nobody picked) leaves the typed person, team or agency.
    const withWhomUserId = ['', 'outside'].includes(v.withWhomUserId ?? '')
      ? undefined
      : v.withWhomUserId;
    if (v.about === '' || v.about === undefined)
      return renderNew(request, reply, v, {
        status: 400,
        errors: [{ text: 'Choose which decision you disagree with', href: '#about' }],
        missing: [],
      });
    try {
      const item = await raiseDisagreement(db, request.ctx, deps.packs, deps.config.packId, {
        childId: params(request).id,
        aboutTransitionId: v.about === 'other' ? undefined : v.about,
        withWhomUserId,
        // A Baton user picked is named from Baton; the text is for people outside it.
        withWhom: withWhomUserId === undefined ? (v.withWhom ?? '') : '',
        summary: v.summary ?? '',
      });
      return await reply.status(303).redirect(`/disagreements/${item.id}?saved=raised`);
    } catch (e) {
      return renderNew(request, reply, v, formProblem(e, { aboutTransitionId: 'about' }, 'about'));
    }
  });

  // --- one disagreement ------------------------------------------------------------------

  app.get('/disagreements/:id', async (request, reply) => {
    requireActor(request);
    const d = await readDisagreement(request.session, params(request).id);
    return reply.render('disagreement.njk', {
      title: 'Professional disagreement',
      d,
      saved: (request.query as { saved?: string }).saved,
      ...packContext(d.packId),
    });
  });

  const renderStep = async (
    request: FastifyRequest,
    reply: FastifyReply,
    v: Record<string, string>,
    problem?: FormProblem & { code?: string },
  ) => {
    const d = await readDisagreement(request.session, params(request).id);
    const step = d.nextSteps.find((s) => s.transitionId === params(request).transitionId);
    if (!step)
      return reply.status(problem?.status ?? 409).render('disagreement.njk', {
        title: 'Professional disagreement',
        d,
        ...packContext(d.packId),
        ...problemContext(
          problem ?? {
            status: 409,
            code: 'BATON_TRANSITION_NOT_ALLOWED',
            errors: [
              {
                text: 'That step is not open at this stage. Choose one of the next steps below.',
                href: '#next-steps',
              },
            ],
            missing: [],
          },
        ),
      });
    return reply.status(problem?.status ?? 200).render('disagreement-step.njk', {
      title: step.name,
      d,
      step,
      values: v,
      ...packContext(d.packId),
      ...problemContext(problem),
    });
  };

  app.get('/disagreements/:id/steps/:transitionId', async (request, reply) => {
    requireActor(request);
    return renderStep(request, reply, {});
  });

  app.post(
    '/disagreements/:id/steps/:transitionId',
    { preHandler: csrf },
    async (request, reply) => {
      requireActor(request);
      const { id, transitionId = '' } = params(request);
      const form = asForm(request.body);
      const answers = stepAnswers(form);
      try {
        await takeDisagreementStep(db, request.ctx, deps.packs, {
          disagreementId: id,
          transitionId,
          answers,
          expectedVersion: versionOf(form),
        });
        return await reply
          .status(303)
          .redirect(
            `/disagreements/${encodeURIComponent(id)}?saved=${encodeURIComponent(transitionId)}`,
          );
      } catch (e) {
        const problem = stepProblem(e);
        // A stale form keeps what was typed but takes the current version on the next save.
        return renderStep(
          request,
          reply,
          { ...answers, version: problem.status === 409 ? '' : field(form, 'version') },
          problem,
        );
      }
    },
  );
}
