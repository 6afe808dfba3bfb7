/** Pages for the list of early help episodes, opening one with the family's consent, and the episode. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listLeadProfessionalCandidates } from '../../use-cases/work-use-cases.js';
import { listEpisodes } from '../../use-cases/early-help-view-use-cases.js';
import { openEpisode } from '../../use-cases/early-help/index.js';
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
import { asForm, formTokenKey } from './form-values.js';
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
    v: Values,
    problem?: FormProblem,
  ) =>
    reply.status(problem?.status ?? 200).render('early-help-open.njk', {
      title: 'Open an early help episode',
      childId,
      values: v,
      // Baton users, the team around the family first; free text only for people outside Baton.
      candidates: await listLeadProfessionalCandidates(request.session, { childIds: [childId] }),
      pack: deps.packs.get(eh.packId),
      sourcesById: sourcesOf(eh.packId),
      errors: problem?.errors ?? [],
      fieldErrors: fieldErrors(problem?.errors ?? []),
      missing: problem?.missing ?? [],
    });

  app.get('/children/:childId/early-help/new', async (request, reply) => {
    requireActor(request);
    const { childId } = request.params as { childId: string };
    return renderOpen(request, reply, childId, {});
  });

  app.post('/children/:childId/early-help/new', { preHandler: csrf }, async (request, reply) => {
    const actor = requireActor(request);
    const { childId } = request.params as { childId: string };
    const form = asForm(request.body);
    const v = values(form, openFields);
    const consent = consentFrom(v, 'consent');
    const other = v.leadWho === 'other';
    // Someone else who uses Baton is chosen from the list; the name and agency are for others.
    const otherUser = other && (v.leadProfessionalUserId ?? '') !== '';
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
        },
        'consentDecision',
      );
      return renderOpen(request, reply, childId, v, problem);
    }
  });

  // --- the episode

  app.get('/early-help/:id', async (request, reply) => {
    requireActor(request);
    return renderEpisodePage(request, reply, 'early-help-episode.njk', 'Early help episode');
  });
}
