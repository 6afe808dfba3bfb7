/** What every early help page shares: the use-cases' deps, CSRF, and rendering an episode page. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readEpisode } from '../../use-cases/early-help-view-use-cases.js';
import type { EarlyHelpDeps } from '../../use-cases/early-help/index.js';
import type { AppDeps } from '../app-deps.js';
import { fieldErrors, type FormProblem } from './early-help-form.js';

/** Built once when the pages are registered, then handed to each group of pages. */
export function earlyHelpPageContext(app: FastifyInstance, deps: AppDeps) {
  const eh: EarlyHelpDeps = { db: deps.handle.db, packs: deps.packs, packId: deps.config.packId };
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
  const sourcesOf = (packId: string) =>
    Object.fromEntries((deps.packs.get(packId)?.sources ?? []).map((s) => [s.id, s]));

  /** Render an episode page with the episode, its pack's sources and any form problem. */
  const renderEpisodePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    template: string,
    title: string,
    extra:
      | Record<string, unknown>
      | ((
          episode: Awaited<ReturnType<typeof readEpisode>>,
        ) => Promise<Record<string, unknown>>) = {},
    problem?: FormProblem,
  ) => {
    const episode = await readEpisode(request.session, idOf(request));
    const more = typeof extra === 'function' ? await extra(episode) : extra;
    return reply.status(problem?.status ?? 200).render(template, {
      title,
      episode,
      sourcesById: sourcesOf(episode.packId),
      errors: problem?.errors ?? [],
      fieldErrors: fieldErrors(problem?.errors ?? []),
      missing: problem?.missing ?? [],
      saved: (request.query as { saved?: string }).saved,
      ...more,
    });
  };

  return {
    deps,
    eh,
    csrf: app.csrfProtection.bind(app),
    idOf,
    sourcesOf,
    renderEpisodePage,
  };
}

export type EarlyHelpPageContext = ReturnType<typeof earlyHelpPageContext>;
