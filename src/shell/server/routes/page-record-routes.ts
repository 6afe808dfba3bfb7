/** The child record page (and its print view), and the pages that hang off the record. */
import type { FastifyInstance } from 'fastify';
import { openEpisodeOffer } from '../../../core/policy/index.js';
import {
  getChildRecordPage,
  type ChildRecordPage,
} from '../../use-cases/child-record-use-cases.js';
import { notSoughtReasonText, purposeText } from '../../use-cases/consent-use-cases.js';
import { lawfulBasisText } from '../../use-cases/sharing-use-cases.js';
import { startableWorkflows } from '../../use-cases/social-care-use-cases.js';
import type { AppDeps } from '../app-deps.js';
import { requireActor } from '../request-context-plugin.js';
import { registerBreakGlassPages } from './page-break-glass-routes.js';
import { registerConsentPages } from './page-consent-routes.js';
import { registerMyWorkPages } from './page-my-work-routes.js';
import { registerSharingPages } from './page-sharing-routes.js';
import { registerTrayPages } from './page-tray-routes.js';
import { forbidden, idOf } from './record-page-context.js';

/** GET /children/:id: the record, which prints as the record's print view. */
function registerChildRecordPage(app: FastifyInstance, deps: AppDeps): void {
  const packId = deps.config.packId;

  app.get('/children/:id', async (request, reply) => {
    requireActor(request);
    const query = request.query as { before?: string; saved?: string };
    let page: ChildRecordPage;
    try {
      page = await getChildRecordPage(request.session, idOf(request), {
        timelineBefore: query.before,
      });
    } catch (e) {
      return forbidden(request, reply, e);
    }
    // With the census rules on the child as the record stands (continuous data quality, issue 16).
    const { record, census } = page;
    return reply.render('child-record.njk', {
      title: `${record.child.givenName} ${record.child.familyName}`,
      record,
      census,
      saved: query.saved,
      purposeText,
      notSoughtReasonText,
      lawfulBasisText,
      pack: deps.packs.get(packId),
      printedAt: request.ctx.now,
      canStartWork: startableWorkflows(deps.packs.get(packId), request.ctx).length > 0,
      openEarlyHelp: openEpisodeOffer(deps.packs.get(packId), request.ctx.actor?.roles ?? []),
    });
  });
}

/** The record page and the pages beside it: break-glass, consent, sharing, my work, the tray. */
export function registerRecordPages(app: FastifyInstance, deps: AppDeps): void {
  registerChildRecordPage(app, deps);
  registerBreakGlassPages(app);
  registerConsentPages(app);
  registerSharingPages(app);
  registerMyWorkPages(app);
  registerTrayPages(app);
}
