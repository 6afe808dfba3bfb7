/**
 * A user's own notification settings (issue 15 §4): in Baton only, or by email as well, and the
 * address emails go to (their account's email unless they give another). Only the signed-in user
 * reads and changes their own; each change is audited with what it was and what it became. The
 * outbox honours the choice when it queues an email and again when it delivers one.
 */
import type { Kysely } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Database } from '../db/index.js';
import { appendAudit } from './audit-repository.js';
import type { RequestContext } from './request-context.js';

export const notifyByChoices = ['in-app', 'email'] as const;
export type NotifyBy = (typeof notifyByChoices)[number];

export interface NotificationSettings {
  notifyBy: NotifyBy;
  /** The address given for notifications; null: the account's email. */
  notificationEmail: string | null;
  /** The account's own email (set by administration), shown as the default. */
  accountEmail: string | null;
  /** Send it back with a change: a stale one is refused (BATON_STALE_EDIT). */
  version: number;
}

function signedIn(ctx: RequestContext): string {
  if (!ctx.actor) throw new BatonError('BATON_NOT_SIGNED_IN');
  return ctx.actor.userId;
}

async function load(db: Kysely<Database>, userId: string): Promise<NotificationSettings> {
  const row = await db
    .selectFrom('users')
    .select(['notify_by', 'notification_email', 'email', 'notification_settings_version'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!row) throw new BatonError('BATON_NOT_SIGNED_IN');
  return {
    notifyBy: row.notify_by === 'email' ? 'email' : 'in-app',
    notificationEmail: row.notification_email,
    accountEmail: row.email,
    version: row.notification_settings_version,
  };
}

/** The signed-in user's settings. */
export function getNotificationSettings(
  db: Kysely<Database>,
  ctx: RequestContext,
): Promise<NotificationSettings> {
  return load(db, signedIn(ctx));
}

/** A plausible address: something@something.something, no spaces (Notify checks the rest). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Change the signed-in user's settings. Email needs an address: the one given, else the
 * account's. BATON_VALIDATION names the field at fault.
 */
export async function setNotificationSettings(
  db: Kysely<Database>,
  ctx: RequestContext,
  change: {
    notifyBy: NotifyBy;
    notificationEmail?: string | null | undefined;
    /** The version read; absent (the page, which posts its own) means the one stored now. */
    version?: number | undefined;
  },
): Promise<NotificationSettings> {
  const userId = signedIn(ctx);
  const before = await load(db, userId);
  // Absent: keep the address they gave before (choosing in-app only does not forget it).
  const given =
    change.notificationEmail === undefined
      ? (before.notificationEmail ?? '')
      : (change.notificationEmail?.trim() ?? '');
  if (given !== '' && (!EMAIL.test(given) || given.length > 254))
    throw new BatonError('BATON_VALIDATION', {
      details: [
        {
          path: 'notificationEmail',
          message: 'Enter an email address in the correct format, like name@example.gov.uk',
        },
      ],
    });
  if (change.notifyBy === 'email' && given === '' && before.accountEmail === null)
    throw new BatonError('BATON_VALIDATION', {
      details: [
        {
          path: 'notificationEmail',
          message: 'Enter the email address to send notifications to',
        },
      ],
    });
  const expected = change.version ?? before.version;
  const after: NotificationSettings = {
    notifyBy: change.notifyBy,
    notificationEmail: given === '' ? null : given,
    accountEmail: before.accountEmail,
    version: expected + 1,
  };
  const res = await db
    .updateTable('users')
    .set({
      notify_by: after.notifyBy,
      notification_email: after.notificationEmail,
      notification_settings_version: after.version,
    })
    .where('id', '=', userId)
    .where('notification_settings_version', '=', expected)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new BatonError('BATON_STALE_EDIT');
  await appendAudit(db, ctx, {
    action: 'user.notification-settings',
    objectType: 'user',
    objectId: userId,
    outcome: 'allowed',
    changes: {
      before: { notifyBy: before.notifyBy, notificationEmail: before.notificationEmail },
      after: { notifyBy: after.notifyBy, notificationEmail: after.notificationEmail },
    },
  });
  return after;
}
