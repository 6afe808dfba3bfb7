/** `reply.render(template, data)`: renders a page with the layout's shared context. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERRORS, type BatonError } from '../../core/errors/error-catalogue.js';
import { roleNames } from '../../core/access/index.js';
import type { AppDeps } from './app-deps.js';
import { csrfUserInfo } from './csrf-binding.js';
import { navigationFor } from './navigation.js';
import { linkGlossaryTerms } from './glossary-links.js';
import { countUnreadNotifications } from '../use-cases/my-work-use-cases.js';
import { createViewEnvironment } from './views.js';

declare module 'fastify' {
  interface FastifyReply {
    render(template: string, data?: Record<string, unknown>): FastifyReply;
  }
  interface FastifyRequest {
    /** The signed-in user's unread notifications, for the header of a page (null: not counted). */
    unreadNotifications: number | null;
  }
}

/** Install the Nunjucks environment and the `render` reply decorator. */
export function installRendering(app: FastifyInstance, deps: AppDeps): void {
  const env = createViewEnvironment();
  // Every page's header says how many notifications wait unread (issue 14 §5).
  app.decorateRequest('unreadNotifications', null);
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'GET' || request.url.startsWith('/api/') || request.ctx.actor === null)
      return;
    request.unreadNotifications = await countUnreadNotifications(request.session);
  });
  const localPacks = [...deps.packs.values()].filter((p) => p.base !== null);
  const glossary = deps.packs.get(deps.config.packId)?.glossary ?? [];
  app.decorateReply(
    'render',
    function (this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
      const request = this.request;
      const actor = request.ctx.actor;
      const html = env.render(template, {
        serviceName: 'Baton',
        serviceUrl: '/',
        currentPath: request.url.split('?')[0],
        nav: navigationFor(actor, request.url.split('?')[0] ?? '/'),
        actor,
        actorRoles: actor?.roles.map((r) => roleNames[r]).join(', '),
        csrfToken: this.generateCsrf({ userInfo: csrfUserInfo(request) }),
        // A one-time token for create forms: submitting one form twice makes one record.
        formToken: randomUUID(),
        packCount: localPacks.length,
        unreadNotifications: request.unreadNotifications,
        ...data,
      });
      // The glossary page is where the links go: it names every term already.
      const page = data.glossaryPage === true ? html : linkGlossaryTerms(html, glossary);
      return this.type('text/html; charset=utf-8').send(page);
    },
  );
}

/** Render an error as a GOV.UK page; "not signed in" becomes a redirect to the sign-in page. */
export async function renderErrorPage(
  request: FastifyRequest,
  reply: FastifyReply,
  err: BatonError,
): Promise<unknown> {
  if (err.code === 'BATON_NOT_SIGNED_IN' && request.method === 'GET') {
    return reply.status(303).redirect(`/sign-in?returnTo=${encodeURIComponent(request.url)}`);
  }
  return reply.render('error.njk', {
    title: ERRORS[err.code].title,
    code: err.code,
    message: err.message,
    details: err.details,
    requestId: request.id,
  });
}
