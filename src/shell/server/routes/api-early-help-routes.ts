/** Early help: episodes, EHA, Team Around the Family plans, meetings, reviews, panels (issue 3) */
import type { FastifyInstance } from 'fastify';
import type { EarlyHelpDeps } from '../../use-cases/early-help/index.js';
import type { AppDeps } from '../app-deps.js';
import { registerEarlyHelpEpisodeApi } from './api-early-help-episode-routes.js';
import { registerEarlyHelpPlanApi } from './api-early-help-plan-routes.js';
import { registerEarlyHelpReviewApi } from './api-early-help-review-routes.js';
import { registerPanelApi } from './api-panel-routes.js';

/** Every early help and panel route, in the order the OpenAPI document lists them. */
export function registerEarlyHelpApi(app: FastifyInstance, deps: AppDeps): void {
  const eh: EarlyHelpDeps = {
    db: deps.handle.db,
    packs: deps.packs,
    packId: deps.config.packId,
  };
  registerEarlyHelpEpisodeApi(app, eh);
  registerEarlyHelpPlanApi(app, eh);
  registerEarlyHelpReviewApi(app, eh);
  registerPanelApi(app, eh);
}
