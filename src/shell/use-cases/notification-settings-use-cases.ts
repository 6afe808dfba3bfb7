/** "Your notification settings": the signed-in user's choice of in-app only or email as well. */
import * as repo from '../repositories/index.js';
import type { Session } from '../session/index.js';

export {
  notifyByChoices,
  type NotificationSettings,
  type NotifyBy,
} from '../repositories/index.js';

/** The signed-in user's notification settings. */
export function getNotificationSettings(session: Session) {
  return repo.getNotificationSettings(session.db, session.ctx);
}

/** Change the signed-in user's notification settings, in one unit of work, audited. */
export function setNotificationSettings(
  session: Session,
  change: Parameters<typeof repo.setNotificationSettings>[2],
) {
  return session.transaction((s) => repo.setNotificationSettings(s.db, s.ctx, change));
}
