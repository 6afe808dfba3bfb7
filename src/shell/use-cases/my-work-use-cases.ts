/** The actor's own work: my work, notifications, the authorisation tray. */
import * as repo from '../repositories/index.js';
import type { Session } from '../session/index.js';

export { NOTIFICATION_LIMIT, type MyWork, type TrayItem } from '../repositories/index.js';

/** The actor's children, deadlines and notifications, a page at a time. */
export function getMyWork(
  session: Session,
  page: { after?: string | undefined; before?: string | undefined } = {},
) {
  return repo.getMyWork(session.db, session.ctx, session.packs, {
    packId: session.packId,
    ...page,
  });
}

/** How many of the actor's notifications are unread (the page header). */
export function countUnreadNotifications(session: Session): Promise<number> {
  return repo.unreadNotificationCount(session.db, session.ctx);
}

/** The actor's notifications and their team's, newest first. */
export function listMyNotifications(session: Session) {
  return repo.listMyNotifications(session.db, session.ctx);
}

/** Mark one of the actor's notifications read. */
export function markNotificationRead(session: Session, id: string): Promise<void> {
  return repo.markNotificationRead(session.db, session.ctx, id);
}

/** Steps waiting for the actor to authorise or decline, oldest first (`limit`: the oldest few). */
export function listTray(session: Session, options: { limit?: number } = {}) {
  return repo.listTray(session.db, session.ctx, session.packs, options);
}
