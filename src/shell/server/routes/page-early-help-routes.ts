/** Pages for early help episodes, the EHA, the plan, meetings, reviews and panels. */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app-deps.js';
import { earlyHelpPageContext } from './early-help-page-context.js';
import { registerEarlyHelpAssessmentPages } from './page-early-help-assessment-routes.js';
import { registerEarlyHelpEpisodePages } from './page-early-help-episode-routes.js';
import { registerEarlyHelpPlanPages } from './page-early-help-plan-routes.js';
import { registerEarlyHelpReviewPages } from './page-early-help-review-routes.js';
import { registerPanelPages } from './page-panel-routes.js';

/** Every early help and panel page, in the order they were always registered. */
export function registerEarlyHelpPages(app: FastifyInstance, deps: AppDeps): void {
  const pages = earlyHelpPageContext(app, deps);
  registerEarlyHelpEpisodePages(app, pages);
  registerEarlyHelpAssessmentPages(app, pages);
  registerEarlyHelpPlanPages(app, pages);
  registerEarlyHelpReviewPages(app, pages);
  registerPanelPages(app, pages);
}
