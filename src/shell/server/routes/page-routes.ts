/** Every page route. Pages work without JavaScript; forms carry a CSRF token. */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { searchAudit } from '../../use-cases/audit-use-cases.js';
import type { AppDeps } from '../app-deps.js';
import { auditQuerySchema } from '../api-schemas.js';
import { requireActor } from '../request-context-plugin.js';
import type { PageError } from './form-values.js';
import { registerAccountPages } from './page-account-routes.js';
import { registerAdminPages } from './page-admin-routes.js';
import { registerCheckPages } from './page-check-routes.js';
import { registerDisagreementPages } from './page-disagreement-routes.js';
import { registerWorkPages } from './page-work-routes.js';
import { registerSessionPages } from './page-session-routes.js';
import { registerEarlyHelpPages } from './page-early-help-routes.js';
import { registerFrontDoorPages } from './page-front-door-routes.js';
import { registerPackPages } from './page-pack-routes.js';
import { registerPeoplePages } from './page-people-routes.js';
import { registerRecordPages } from './page-record-routes.js';
import { registerFamilyPages } from './page-family-routes.js';
import { registerCensusDetailsPages } from './page-census-details-routes.js';
import { registerSocialCareRecordPages } from './page-social-care-record-routes.js';
import { registerPreProceedingsPages } from './page-pre-proceedings-routes.js';
import { registerReturnsPages } from './page-returns-routes.js';

export const registerPageRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (
  app: FastifyInstance,
  { deps },
) => {
  // Pages are not part of the JSON API: keep them out of the OpenAPI document.
  app.addHook('onRoute', (route) => {
    route.schema = { ...(route.schema ?? {}), hide: true };
  });
  registerSessionPages(app, deps);
  registerCheckPages(app, deps);
  registerPeoplePages(app);
  registerFrontDoorPages(app, deps);
  registerEarlyHelpPages(app, deps);
  registerRecordPages(app, deps);
  registerFamilyPages(app);
  registerCensusDetailsPages(app);
  registerSocialCareRecordPages(app);
  registerPreProceedingsPages(app);
  registerReturnsPages(app);
  registerDisagreementPages(app, deps);
  registerWorkPages(app, deps);
  registerPackPages(app, deps);
  registerAdminPages(app, deps);
  registerAccountPages(app);

  app.get('/', async (request, reply) => {
    requireActor(request);
    return reply.render('home.njk', { title: 'Home' });
  });

  app.get('/accessibility', async (_request, reply) =>
    reply.render('accessibility.njk', { title: 'Accessibility statement' }),
  );

  app.get('/audit', async (request, reply) => {
    requireActor(request);
    // An empty box or "Any" means no filter on that field (the form sends them as empty strings).
    const typed = Object.fromEntries(
      Object.entries(request.query as Record<string, unknown>).filter(
        ([, v]) => typeof v === 'string' && v.trim() !== '',
      ),
    ) as Record<string, string>;
    const parsed = auditQuerySchema.safeParse(typed);
    if (!parsed.success) {
      // Say what is wrong and keep what was typed; show no events rather than unfiltered ones.
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'action');
        fieldErrors[field] ??= auditFilterMessage(field);
      }
      const errors: PageError[] = Object.entries(fieldErrors).map(([field, text]) => ({
        text,
        href: `#${field}`,
      }));
      return reply.code(400).render('audit.njk', {
        title: 'Error: Audit trail',
        events: [],
        query: typed,
        csvQuery: '',
        errors,
        fieldErrors,
      });
    }
    const query = parsed.data;
    const events = await searchAudit(request.session, {
      ...query,
      limit: query.limit ?? 100,
    });
    const csvQuery = new URLSearchParams(
      Object.entries(query).flatMap(([k, v]: [string, unknown]): [string, string][] =>
        (typeof v === 'string' || typeof v === 'number') && String(v) !== ''
          ? [[k, String(v)]]
          : [],
      ),
    ).toString();
    return reply.render('audit.njk', { title: 'Audit trail', events, query, csvQuery });
  });
};

function auditFilterMessage(field: string): string {
  switch (field) {
    case 'outcome':
      return 'Choose an outcome from the list';
    case 'limit':
      return 'Enter a number of events from 1 to 500';
    case 'beforeSeq':
      return 'Enter an event number of 1 or more';
    default:
      return 'Enter at most 100 characters';
  }
}
