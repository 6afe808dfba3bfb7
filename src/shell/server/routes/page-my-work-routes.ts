/** My work (the reader's children, steps waiting for them, disagreements) and notifications. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { listAgencyDisagreements } from '../../use-cases/disagreement-view-use-cases.js';
import {
  getMyWork,
  listTray,
  listMyNotifications,
  markNotificationRead,
  NOTIFICATION_LIMIT,
} from '../../use-cases/my-work-use-cases.js';
import { requireActor } from '../request-context-plugin.js';
import { asForm, field } from './form-values.js';

/** Requests waiting for the reader's decision that My work lists (the tray has the rest). */
const WAITING_SHOWN = 10;

const idOf = (request: FastifyRequest): string => (request.params as { id: string }).id;

/** GET /my-work, GET /notifications and marking a notification read. */
export function registerMyWorkPages(app: FastifyInstance): void {
  const csrf = app.csrfProtection.bind(app);

  app.get('/my-work', async (request, reply) => {
    requireActor(request);
    const { after, before } = request.query as { after?: string; before?: string };
    // Three independent reads, side by side (on PostgreSQL on pooled connections at once).
    // Steps waiting for the reader's decision are part of their work (issue 14 §5).
    const [work, disagreements, waiting] = await Promise.all([
      getMyWork(request.session, { after, before }),
      listAgencyDisagreements(request.session),
      // The oldest few (and whether there are more): the tray lists them all, up to 200, and
      // listing 80 here cost My work several milliseconds of CPU at 20,000 children.
      listTray(request.session, { limit: WAITING_SHOWN + 1 }),
    ]);
    return reply.render('my-work.njk', {
      title: 'My work',
      work,
      waiting: waiting.slice(0, WAITING_SHOWN),
      moreWaiting: waiting.length > WAITING_SHOWN,
      disagreements,
      notificationLimit: NOTIFICATION_LIMIT,
    });
  });

  app.get('/notifications', async (request, reply) => {
    requireActor(request);
    const list = await listMyNotifications(request.session);
    return reply.render('notifications.njk', { title: 'Notifications', list });
  });

  app.post('/notifications/:id/read', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    await markNotificationRead(request.session, idOf(request));
    // Back to the page the button was on: the notifications page, or My work.
    const from = field(asForm(request.body), 'returnTo');
    return reply
      .status(303)
      .redirect(from === '/notifications' ? '/notifications' : '/my-work#notifications');
  });
}
