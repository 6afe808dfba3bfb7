/** The signed-in user's own notification settings over the API (issue 15 §4). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  getNotificationSettings,
  notifyByChoices,
  setNotificationSettings,
} from '../../use-cases/notification-settings-use-cases.js';
import { errorResponses } from '../api-schemas.js';
import { requireActor } from '../request-context-plugin.js';

const errors = errorResponses(400, 401, 403, 409, 415, 422);

const settingsSchema = z.object({
  notifyBy: z
    .enum(notifyByChoices)
    .describe('`in-app`: notifications in Baton only; `email`: in Baton and by email'),
  notificationEmail: z.string().nullable().describe("where emails go; null: the account's email"),
  accountEmail: z.string().nullable().describe("the account's own email (administration sets it)"),
  version: z.number().int().describe('send it back with a change'),
});

const settingsBody = z
  .object({
    notifyBy: z.enum(notifyByChoices),
    notificationEmail: z.string().max(254).nullable().optional(),
    version: z.number().int().min(0).describe('the version read; a stale one is refused (409)'),
  })
  .strict();

/** Register GET and PUT /api/me/notification-settings. */
export function registerAccountApi(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['account'];
  api.get(
    '/me/notification-settings',
    {
      schema: {
        tags,
        summary: 'Your notification settings: in Baton only, or by email as well',
        response: { 200: settingsSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return getNotificationSettings(request.session);
    },
  );
  api.put(
    '/me/notification-settings',
    {
      schema: {
        tags,
        summary: 'Choose in-app only or email as well, and the address emails go to',
        description:
          "Email needs an address: the one given, else the account's (400 BATON_VALIDATION otherwise). Audited with before and after. The outbox honours the choice when it queues an email and again when it delivers it.",
        body: settingsBody,
        response: { 200: settingsSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return setNotificationSettings(request.session, request.body);
    },
  );
}
