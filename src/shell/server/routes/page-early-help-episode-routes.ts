/** Pages for the list of early help episodes, opening one with the family's consent, and the episode. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { openEpisodeOffer, WORKFLOW_IDS } from '../../../core/policy/index.js';
import { listEpisodes } from '../../use-cases/early-help-view-use-cases.js';
import {
  openEpisode,
  openEpisodeForm,
  type OpenEpisodeForm,
} from '../../use-cases/early-help/index.js';
import { requireActor } from '../request-context-plugin.js';
import {
  consentFrom,
  fieldErrors,
  formProblem,
  values,
  type FormProblem,
  type Values,
} from './early-help-form.js';
import type { EarlyHelpPageContext } from './early-help-page-context.js';
import { asForm, fields, formTokenKey } from './form-values.js';
import { once } from '../../use-cases/idempotency.js';

/** The episode list, the open-an-episode form, and the episode page. */
export function registerEarlyHelpEpisodePages(
  app: FastifyInstance,
  pages: EarlyHelpPageContext,
): void {
  const { deps, eh, csrf, sourcesOf, renderEpisodePage } = pages;

  app.get('/early-help', async (request, reply) => {
    requireActor(request);
    const childId = (request.query as { childId?: string }).childId;
    const episodes = await listEpisodes(request.session, {
      childId: childId === '' ? undefined : childId,
    });
    return reply.render('early-help-list.njk', {
      title: 'Early help episodes',
      episodes,
      childId,
    });
  });

  const openFields = [
    'consentDecision',
    'consentGivenBy',
    'consentGivenByName',
    'consentMethod',
    'consentCompetent',
    'leadWho',
    'leadProfessionalUserId',
    'leadProfessionalName',
    'leadProfessionalAgency',
    'leadAgreed',
    'reason',
    'continuingSupport',
  ] as const;
  const renderOpen = async (
    request: FastifyRequest,
    reply: FastifyReply,
    childId: string,
    form: OpenEpisodeForm,
    v: Values,
    problem?: FormProblem,
    alsoFor: readonly string[] = [],
  ) =>
    reply.status(problem?.status ?? 200).render('early-help-open.njk', {
      title: 'Open an early help episode',
      childId,
      // The family (issue 14 §4): the other children, without an episode open, that the reader
      // may read; each ticked one is in the same episode, keeping their own record and level.
      siblings: form.household.filter(
        (c) => !c.openWork.some((w) => w.workflowId === WORKFLOW_IDS.earlyHelpEpisode),
      ),
      alsoFor,
      // The form only for someone who may send it; else why not, before anything is typed.
      offer: openEpisodeOffer(deps.packs.get(eh.packId), request.ctx.actor?.roles ?? []),
      values: v,
      // Baton users, the team around the family first; free text only for people outside Baton.
      candidates: form.candidates,
      pack: deps.packs.get(eh.packId),
      sourcesById: sourcesOf(eh.packId),
      errors: problem?.errors ?? [],
      fieldErrors: fieldErrors(problem?.errors ?? []),
      missing: problem?.missing ?? [],
    });

  app.get('/children/:childId/early-help/new', async (request, reply) => {
    requireActor(request);
    const { childId } = request.params as { childId: string };
    const form = await openEpisodeForm(request.session, childId, { consent: true });
    // Consent already held is shown for checking, not asked again (issue 14 §3).
    const held = form.consentHeld;
    const v: Values =
      held === null
        ? {}
        : {
            consentDecision: 'given',
            consentGivenBy: held.givenBy,
            consentGivenByName: held.givenByName,
            consentMethod: held.method,
          };
    return renderOpen(request, reply, childId, form, v);
  });

  app.post('/children/:childId/early-help/new', { preHandler: csrf }, async (request, reply) => {
    const actor = requireActor(request);
    const { childId } = request.params as { childId: string };
    const form = asForm(request.body);
    const v = values(form, openFields);
    const alsoFor = fields(form, 'alsoFor').filter((id) => id !== '' && id !== childId);
    const consent = consentFrom(v, 'consent');
    const other = v.leadWho === 'other';
    // Someone else who uses Baton is chosen from the list; the name and agency are for others.
    const otherUser = other && !['', 'outside'].includes(v.leadProfessionalUserId ?? '');
    const input = {
      consent,
      leadProfessional: {
        userId: other ? (otherUser ? v.leadProfessionalUserId : undefined) : actor.userId,
        name: other && !otherUser ? v.leadProfessionalName : undefined,
        agency: other && !otherUser ? v.leadProfessionalAgency : undefined,
        agreedWithFamily: v.leadAgreed === 'yes',
      },
      reason: v.reason,
      continuingSupport: v.continuingSupport,
      alsoFor,
    };
    try {
      const { body } = await once(
        request.session,
        { key: formTokenKey(form), route: 'POST /children/:childId/early-help/new', request: null },
        201,
        (s) => openEpisode({ ...eh, db: s.db }, s.ctx, childId, input),
      );
      return await reply.status(303).redirect(`/early-help/${body.episode.id}?saved=opened`);
    } catch (e) {
      const problem = formProblem(
        e,
        {
          consentRecorded: 'consentDecision',
          leadProfessionalNamed: 'leadProfessionalUserId',
          'leadProfessional.userId': 'leadProfessionalUserId',
          'leadProfessional.agreedWithFamily': 'leadAgreed',
          'consent.youngPersonCompetent': 'consentCompetent',
          alsoFor: 'alsoFor',
        },
        'consentDecision',
      );
      const again = await openEpisodeForm(request.session, childId, { consent: false });
      return renderOpen(request, reply, childId, again, v, problem, alsoFor);
    }
  });

  // --- the episode

  app.get('/early-help/:id', async (request, reply) => {
    requireActor(request);
    return renderEpisodePage(request, reply, 'early-help-episode.njk', 'Early help episode');
  });
}
