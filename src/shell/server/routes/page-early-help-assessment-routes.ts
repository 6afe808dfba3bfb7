/** Pages for the Early Help Assessment: save a draft, then complete it with a plan level. */
import type { FastifyInstance } from 'fastify';
import { assessmentStartingPoint } from '../../use-cases/child-record-use-cases.js';
import { completeAssessment, saveAssessment } from '../../use-cases/early-help/index.js';
import { requireActor } from '../request-context-plugin.js';
import { formProblem, values, versionOf, type FormProblem } from './early-help-form.js';
import type { EarlyHelpPageContext } from './early-help-page-context.js';
import { asForm, field } from './form-values.js';

/** The assessment form: save as a draft, or save and complete. */
export function registerEarlyHelpAssessmentPages(
  app: FastifyInstance,
  pages: EarlyHelpPageContext,
): void {
  const { eh, csrf, idOf, renderEpisodePage } = pages;

  const ehaFields = [
    'assessmentSource',
    'sourceNote',
    'family',
    'childVoice',
    'parentViews',
    'strengths',
    'needs',
    'otherAgencies',
    'analysis',
    'planLevel',
    'version',
  ] as const;

  app.get('/early-help/:id/assessment', async (request, reply) => {
    requireActor(request);
    // A first assessment starts from the household and agencies Baton holds, for checking.
    return renderEpisodePage(
      request,
      reply,
      'early-help-assessment.njk',
      'Early Help Assessment',
      // A draft carried from social care after a step down has no household of its own yet.
      async (episode) =>
        episode.assessment &&
        (episode.assessment.family !== '' || episode.assessment.otherAgencies !== '')
          ? {}
          : { held: await assessmentStartingPoint(request.session, episode.child.id) },
    );
  });

  app.post('/early-help/:id/assessment', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const id = idOf(request);
    const form = asForm(request.body);
    const v = values(form, ehaFields);
    const complete = field(form, 'action') === 'complete';
    try {
      const saved = await saveAssessment(
        eh,
        request.ctx,
        id,
        {
          source: v.assessmentSource === 'cf-assessment' ? 'cf-assessment' : 'eha',
          sourceNote: v.sourceNote ?? '',
          family: v.family ?? '',
          childVoice: v.childVoice ?? '',
          parentViews: v.parentViews ?? '',
          strengths: v.strengths ?? '',
          needs: v.needs ?? '',
          otherAgencies: v.otherAgencies ?? '',
          analysis: v.analysis ?? '',
        },
        versionOf(form),
      );
      // The draft is saved: a problem completing it must not send the old version back.
      v.version = String(saved.version);
      if (!complete)
        return await reply.status(303).redirect(`/early-help/${id}/assessment?saved=draft`);
      if (v.planLevel !== '2' && v.planLevel !== '3') {
        const problem: FormProblem = {
          status: 400,
          errors: [
            {
              text: 'Choose a single-agency plan (level 2) or a Team Around the Family plan (level 3)',
              href: '#planLevel',
            },
          ],
          missing: [],
        };
        return await renderEpisodePage(
          request,
          reply,
          'early-help-assessment.njk',
          'Early Help Assessment',
          { values: { ...v, version: String(saved.version) } },
          problem,
        );
      }
      await completeAssessment(eh, request.ctx, id, {
        planLevel: v.planLevel === '2' ? 2 : 3,
        version: saved.version,
      });
      return await reply.status(303).redirect(`/early-help/${id}/plan?saved=assessment`);
    } catch (e) {
      const problem = formProblem(e, {}, 'family');
      return renderEpisodePage(
        request,
        reply,
        'early-help-assessment.njk',
        'Early Help Assessment',
        { values: v, keepVersion: problem.status !== 409 },
        problem,
      );
    }
  });
}
