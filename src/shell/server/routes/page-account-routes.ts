/**
 * "Your notification settings" (issue 15 §4): the signed-in user chooses to be told in Baton
 * only, or by email as well, and where emails go. Works without JavaScript.
 */
import type { FastifyInstance } from 'fastify';
import { isBatonError } from '../../../core/errors/error-catalogue.js';
import {
  getNotificationSettings,
  setNotificationSettings,
  type NotificationSettings,
} from '../../use-cases/notification-settings-use-cases.js';
import { requireActor } from '../request-context-plugin.js';
import { asForm, field, fieldErrors, type PageError } from './form-values.js';

const TITLE = 'Your notification settings';

/** Register GET and POST /account/notifications. */
export function registerAccountPages(app: FastifyInstance): void {
  const csrf = app.csrfProtection.bind(app);

  const page = (
    settings: NotificationSettings,
    values: { notifyBy: string; notificationEmail: string },
    extra: { errors?: PageError[]; saved?: boolean } = {},
  ) => ({
    title: TITLE,
    settings,
    values,
    errors: extra.errors ?? [],
    fieldErrors: fieldErrors(extra.errors ?? []),
    saved: extra.saved === true,
  });

  app.get('/account/notifications', async (request, reply) => {
    requireActor(request);
    const settings = await getNotificationSettings(request.session);
    const saved = (request.query as { saved?: string }).saved === '1';
    return reply.render(
      'account-notifications.njk',
      page(
        settings,
        { notifyBy: settings.notifyBy, notificationEmail: settings.notificationEmail ?? '' },
        { saved },
      ),
    );
  });

  app.post('/account/notifications', { preHandler: csrf }, async (request, reply) => {
    requireActor(request);
    const form = asForm(request.body);
    const values = {
      notifyBy: field(form, 'notifyBy'),
      notificationEmail: field(form, 'notificationEmail'),
    };
    const versionText = field(form, 'version');
    const version = versionText === '' ? Number.NaN : Number(versionText);
    const errors: PageError[] = [];
    if (values.notifyBy !== 'in-app' && values.notifyBy !== 'email')
      errors.push({ text: 'Select how you want to be told about your work', href: '#notifyBy' });
    else
      try {
        await setNotificationSettings(request.session, {
          notifyBy: values.notifyBy,
          // In Baton only: the address field is hidden, and the one given before is kept.
          notificationEmail: values.notifyBy === 'email' ? values.notificationEmail : undefined,
          version: Number.isInteger(version) ? version : undefined,
        });
        return await reply.status(303).redirect('/account/notifications?saved=1');
      } catch (e) {
        if (!isBatonError(e)) throw e;
        if (e.code === 'BATON_STALE_EDIT')
          errors.push({
            text: 'Your settings were changed elsewhere (another tab?). Check them and save again.',
            href: '#notifyBy',
          });
        else if (e.code === 'BATON_VALIDATION')
          for (const d of e.details) errors.push({ text: d.message, href: `#${d.path}` });
        else throw e;
      }
    const settings = await getNotificationSettings(request.session);
    return reply
      .status(400)
      .render('account-notifications.njk', page(settings, values, { errors }));
  });
}
