/**
 * A practitioner's own work: deadlines they and their team own, their notifications, the
 * authorisation tray (requests waiting for someone with their role in their agency) and the
 * decision history of a piece of work. Lists filter in SQL by the actor.
 */
import { authorisationScope, citationsOf, type RuleCitation } from '../../core/journey/index.js';
import { sql, type Kysely } from 'kysely';
import { coversEveryChild, type Actor } from '../../core/access/index.js';
import type { DeadlineStatus } from '../../core/calendar/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import { statusOf } from '../calendar/index.js';
import type { Database } from '../db/index.js';
import { appendAudit, refuse } from './audit-repository.js';
import { authoriseChild } from './child-access.js';
import type { RequestContext } from './request-context.js';
import { loadWorkItem } from './work-items.js';
import { pageRequest } from './my-work-cursor.js';
import {
  DEADLINE_PAGE_SIZE,
  deadlineCounts,
  deadlinePage,
  type DeadlineCounts,
} from './my-work-deadlines.js';
import {
  childrenOf,
  compare,
  mergeById,
  NOTIFICATION_LIMIT,
  type ChildLink,
} from './my-work-lists.js';
import type { TrayItem, TransitionRecord } from '../schemas/index.js';

export type { TrayItem, TransitionRecord };

export { NOTIFICATION_LIMIT, type ChildLink } from './my-work-lists.js';
export type { DeadlineCounts } from './my-work-deadlines.js';

export interface MyDeadline {
  id: string;
  name: string;
  due: string;
  status: DeadlineStatus;
  mine: boolean;
  workItemId: string;
  workflowName: string;
  children: ChildLink[];
}

export interface MyNotification {
  id: string;
  kind: string;
  text: string;
  createdAt: string;
  read: boolean;
  /** Sent to the actor, or to everyone in their agency with one of their roles. */
  forTeam: boolean;
  workItemId: string | null;
  children: ChildLink[];
}

export interface MyWork {
  /** One page of my and my team's open deadlines, soonest first. */
  deadlines: MyDeadline[];
  /** Tokens for `before` / `after`: the previous and next pages (null at either end). */
  page: { previous: string | null; next: string | null; size: number };
  /** All my and my team's open deadlines, by how soon they are due. */
  summary: DeadlineCounts;
  /** My newest notifications and my team's. */
  notifications: MyNotification[];
  /** Unread notifications, all of them (not only those shown). */
  unread: number;
}

function signedIn(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new BatonError('BATON_NOT_SIGNED_IN');
  return ctx.actor;
}

/**
 * A page of my deadlines and my team's (open, soonest first; `after` / `before` are the tokens
 * of the page links), how many are overdue, due soon and later, and my newest notifications.
 */
export async function getMyWork(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  options: { packId: string; after?: string | undefined; before?: string | undefined },
): Promise<MyWork> {
  const actor = signedIn(ctx);
  const request = pageRequest(options);
  const fallback = packs.get(options.packId);
  if (!fallback) throw new BatonError('BATON_UNKNOWN_PACK');
  const roles = actor.roles.length > 0 ? [...actor.roles] : [''];
  // Notifications, like deadlines, are two lists in index order (migration 0009) merged here.
  const notes = db.selectFrom('notifications').selectAll();
  const newestFirst = (q: typeof notes) =>
    q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(NOTIFICATION_LIMIT).execute();
  const unreadCount = (q: typeof notes) =>
    q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
  const mineNotes = notes.where('user_id', '=', actor.userId);
  const teamNotes = notes.where('agency_id', '=', actor.agencyId).where('role', 'in', roles);
  // Independent reads: on PostgreSQL they run at the same time.
  const [page, summary, myNotes, theirNotes, myUnread, teamUnread] = await Promise.all([
    deadlinePage(db, actor, request),
    deadlineCounts(db, actor, fallback, ctx.now),
    newestFirst(mineNotes),
    newestFirst(teamNotes),
    unreadCount(mineNotes),
    unreadCount(teamNotes),
  ]);
  const noteRows = mergeById(
    myNotes,
    theirNotes,
    (a, b) => compare(b.created_at, a.created_at) || compare(b.id, a.id),
  ).slice(0, NOTIFICATION_LIMIT);
  const workIds = [
    ...page.rows.map((d) => d.work_item_id),
    ...noteRows.flatMap((n) =>
      n.object_type === 'work-item' && n.object_id !== null ? [n.object_id] : [],
    ),
  ];
  const [children] = await Promise.all([
    childrenOf(db, actor, ctx.now, workIds),
    appendAudit(db, ctx, { action: 'my-work.read', outcome: 'allowed' }),
  ]);
  return {
    deadlines: page.rows.map((d) => {
      const pack = packs.get(d.pack_id) ?? fallback;
      return {
        id: d.id,
        name: d.name,
        due: d.due,
        status: statusOf(pack, d.due, ctx.now),
        mine: d.owner_user_id === actor.userId,
        workItemId: d.work_item_id,
        workflowName: pack.workflows.get(d.workflow_id)?.name ?? d.workflow_id,
        children: children.get(d.work_item_id) ?? [],
      };
    }),
    page: { previous: page.previous, next: page.next, size: DEADLINE_PAGE_SIZE },
    summary,
    notifications: noteRows.map((n) => ({
      id: n.id,
      kind: n.kind,
      text: n.text,
      createdAt: n.created_at,
      read: n.read_at !== null,
      forTeam: n.user_id === null,
      workItemId: n.object_type === 'work-item' ? n.object_id : null,
      children: n.object_id !== null ? (children.get(n.object_id) ?? []) : [],
    })),
    unread: Number(myUnread.n) + Number(teamUnread.n),
  };
}

/** How many of my notifications (and my team's) are unread: for the page header. */
export async function unreadNotificationCount(
  db: Kysely<Database>,
  ctx: RequestContext,
): Promise<number> {
  const actor = signedIn(ctx);
  const roles = actor.roles.length > 0 ? [...actor.roles] : [''];
  const count = (q: ReturnType<typeof unreadOf>) =>
    q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  const unreadOf = () => db.selectFrom('notifications').where('read_at', 'is', null);
  // Two index-ordered counts (migration 0009), as My work counts them.
  const [mine, team] = await Promise.all([
    count(unreadOf().where('user_id', '=', actor.userId)),
    count(unreadOf().where('agency_id', '=', actor.agencyId).where('role', 'in', roles)),
  ]);
  return Number(mine.n) + Number(team.n);
}

/** My notifications and my team's, newest first (the notifications page), with their children. */
export async function listMyNotifications(
  db: Kysely<Database>,
  ctx: RequestContext,
): Promise<{ notifications: MyNotification[]; unread: number; limit: number }> {
  const actor = signedIn(ctx);
  const roles = actor.roles.length > 0 ? [...actor.roles] : [''];
  const limit = NOTIFICATION_PAGE_LIMIT;
  const notes = db.selectFrom('notifications').selectAll();
  const newestFirst = (q: typeof notes) =>
    q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  const [mine, theirs, unread] = await Promise.all([
    newestFirst(notes.where('user_id', '=', actor.userId)),
    newestFirst(notes.where('agency_id', '=', actor.agencyId).where('role', 'in', roles)),
    unreadNotificationCount(db, ctx),
  ]);
  const rows = mergeById(
    mine,
    theirs,
    (a, b) => compare(b.created_at, a.created_at) || compare(b.id, a.id),
  ).slice(0, limit);
  const children = await childrenOf(
    db,
    actor,
    ctx.now,
    rows.flatMap((n) =>
      n.object_type === 'work-item' && n.object_id !== null ? [n.object_id] : [],
    ),
  );
  await appendAudit(db, ctx, { action: 'notifications.read', outcome: 'allowed' });
  return {
    notifications: rows.map((n) => ({
      id: n.id,
      kind: n.kind,
      text: n.text,
      createdAt: n.created_at,
      read: n.read_at !== null,
      forTeam: n.user_id === null,
      workItemId: n.object_type === 'work-item' ? n.object_id : null,
      children: n.object_id !== null ? (children.get(n.object_id) ?? []) : [],
    })),
    unread,
    limit,
  };
}

/** The most notifications the notifications page shows. */
export const NOTIFICATION_PAGE_LIMIT = 100;

/** Mark one of my notifications (or my team's) as read. */
export async function markNotificationRead(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
): Promise<void> {
  const actor = signedIn(ctx);
  const roles = actor.roles.length > 0 ? [...actor.roles] : [''];
  const res = await db
    .updateTable('notifications')
    .set({ read_at: ctx.now })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('user_id', '=', actor.userId),
        eb.and([eb('agency_id', '=', actor.agencyId), eb('role', 'in', roles)]),
      ]),
    )
    .where('read_at', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) {
    const exists = await db
      .selectFrom('notifications')
      .select(['id', 'read_at', 'user_id', 'agency_id', 'role'])
      .where('id', '=', id)
      .executeTakeFirst();
    const mine =
      exists !== undefined &&
      (exists.user_id === actor.userId ||
        (exists.agency_id === actor.agencyId && roles.includes(exists.role ?? '')));
    // Already read is fine; someone else's notification is "not found" (no hint it exists).
    if (!mine)
      throw new BatonError('BATON_NOT_FOUND', {
        message: 'There is no notification with that id.',
      });
    return;
  }
  await appendAudit(db, ctx, {
    action: 'notification.read',
    objectType: 'notification',
    objectId: id,
    outcome: 'allowed',
  });
}

// ---------------------------------------------------------------------------------------------
// The authorisation tray (001 Option 2: "sent for authorisation to the Managers tray")
// ---------------------------------------------------------------------------------------------

/** The most requests the tray lists, oldest first. */
export const TRAY_LIMIT = 200;

interface TrayScope {
  /** `pack workflow step` keys the actor authorises in their own agency's work. */
  ownAgency: string[];
  /** Keys they authorise in any agency's work (`authorisedIn` their kind of agency). */
  anyOwner: string[];
}

// Packs are immutable and the scope depends only on the actor's roles and kind of agency, so each
// is worked out once per set of packs rather than over every step of every pack on each page.
const trayScopes = new WeakMap<ReadonlyMap<string, ResolvedPack>, Map<string, TrayScope>>();

/** The steps an actor authorises, by the one rule (core `authorisationScope`). */
function trayScope(packs: ReadonlyMap<string, ResolvedPack>, actor: Actor): TrayScope {
  let byActor = trayScopes.get(packs);
  if (!byActor) {
    byActor = new Map();
    trayScopes.set(packs, byActor);
  }
  const cacheKey = `${actor.agencyKind}|${[...actor.roles].sort().join(',')}`;
  const cached = byActor.get(cacheKey);
  if (cached) return cached;
  const scope: TrayScope = { ownAgency: [], anyOwner: [] };
  for (const pack of packs.values())
    for (const workflow of pack.workflows.values())
      for (const t of workflow.transitions) {
        const where = authorisationScope(t, actor);
        if (where !== 'none')
          scope[where === 'any-owner' ? 'anyOwner' : 'ownAgency'].push(
            `${pack.id} ${workflow.id} ${t.id}`,
          );
      }
  byActor.set(cacheKey, scope);
  return scope;
}

/**
 * Requests waiting for the actor: their roles are among the step's `authorisedBy` in the pack the
 * work runs under, and the work belongs to their agency — or the step is authorised in their kind
 * of agency (`authorisedIn`, e.g. a step-down transfer to early help). Filtered in SQL. `limit`:
 * the oldest so many (at most TRAY_LIMIT), for a page that shows a few.
 */
export async function listTray(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  options: { limit?: number } = {},
): Promise<TrayItem[]> {
  const actor = signedIn(ctx);
  const scope = trayScope(packs, actor);
  await appendAudit(db, ctx, { action: 'tray.read', outcome: 'allowed' });
  if (scope.ownAgency.length === 0 && scope.anyOwner.length === 0) return [];
  // One key per step (pack, workflow, step), matched against one list for each scope: a list of
  // ~150 keys costs a fraction of an OR of one IN list per workflow (37 lists, 237 parameters),
  // which SQLite took about 3 ms to prepare and run on every My work page.
  const key = sql<string>`${sql.ref('work_items.pack_id')} || ' ' || ${sql.ref('work_items.workflow_id')} || ' ' || ${sql.ref('transitions.transition_id')}`;
  const rows = await db
    .selectFrom('transitions')
    .innerJoin('work_items', 'work_items.id', 'transitions.work_item_id')
    .innerJoin('users', 'users.id', 'transitions.requested_by')
    .selectAll('transitions')
    .select([
      'work_items.workflow_id',
      'work_items.pack_id as work_pack_id',
      'work_items.version as work_version',
      'users.display_name',
    ])
    .where('transitions.status', '=', 'awaiting-authorisation')
    .where((eb) =>
      eb.or([
        ...(scope.ownAgency.length > 0
          ? [
              eb.and([
                eb('work_items.owner_agency_id', '=', actor.agencyId),
                eb(key, 'in', scope.ownAgency),
              ]),
            ]
          : []),
        ...(scope.anyOwner.length > 0 ? [eb(key, 'in', scope.anyOwner)] : []),
      ]),
    )
    .orderBy('transitions.requested_at')
    .orderBy('transitions.id')
    .limit(Math.min(options.limit ?? TRAY_LIMIT, TRAY_LIMIT))
    .execute();
  const children = await childrenOf(
    db,
    actor,
    ctx.now,
    rows.map((r) => r.work_item_id),
  );
  return rows.map((r) => {
    const pack = packs.get(r.work_pack_id);
    const workflow = pack?.workflows.get(r.workflow_id);
    const t = workflow?.transitions.find((x) => x.id === r.transition_id);
    const stateName = (id: string) => workflow?.states.find((s) => s.id === id)?.name ?? id;
    const timescale = (id: string) => pack?.timescales.get(id)?.name ?? id;
    return {
      transitionRecordId: r.id,
      workItemId: r.work_item_id,
      workItemVersion: r.work_version,
      workflowName: workflow?.name ?? r.workflow_id,
      transitionId: r.transition_id,
      transitionName: t?.name ?? r.transition_id,
      fromStateName: stateName(r.from_state),
      toStateName: stateName(r.to_state),
      outcome: r.outcome,
      requestedBy: { userId: r.requested_by, name: r.display_name },
      requestedAt: r.requested_at,
      occurredAt: r.occurred_at ?? r.requested_at,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
      labels: Object.fromEntries((t?.requires ?? []).map((f) => [f.field, f.label])),
      effects: {
        opens: (t?.opensDeadlines ?? []).map(timescale),
        closes: (t?.closesDeadlines ?? []).map(timescale),
        notify: [...(t?.notify ?? [])],
      },
      packId: r.pack_id,
      packVersion: r.pack_version,
      children: children.get(r.work_item_id) ?? [],
    };
  });
}

/** The decision history of a piece of work, oldest first: who asked, who decided, under which pack. */
export async function listWorkItemTransitions(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  workItemId: string,
): Promise<TransitionRecord[]> {
  const actor = signedIn(ctx);
  const item = await loadWorkItem(db, packs, workItemId);
  if (!item)
    throw new BatonError('BATON_NOT_FOUND', { message: 'There is no work item with that id.' });
  for (const childId of item.childIds)
    await authoriseChild(db, ctx, childId, 'read', {
      action: 'work-item.history.read',
      objectType: 'work-item',
      objectId: item.id,
    });
  // Work about nobody yet (a contact before its children are linked) is its owner's to see.
  if (
    item.childIds.length === 0 &&
    !coversEveryChild(actor) &&
    actor.agencyId !== item.ownerAgencyId
  )
    throw await refuse(db, ctx, {
      action: 'work-item.history.read',
      objectType: 'work-item',
      objectId: item.id,
      reason: 'the work belongs to another agency',
    });
  const rows = await db
    .selectFrom('transitions')
    .leftJoin('users as requester', 'requester.id', 'transitions.requested_by')
    .leftJoin('users as decider', 'decider.id', 'transitions.decided_by')
    .selectAll('transitions')
    .select(['requester.display_name as requester_name', 'decider.display_name as decider_name'])
    .where('transitions.work_item_id', '=', item.id)
    .orderBy('transitions.requested_at')
    .orderBy('transitions.id')
    .execute();
  await appendAudit(db, ctx, {
    action: 'work-item.history.read',
    objectType: 'work-item',
    objectId: item.id,
    outcome: 'allowed',
  });
  const workflow = packs.get(item.packId)?.workflows.get(item.workflowId);
  return rows.map((r) => ({
    id: r.id,
    transitionId: r.transition_id,
    transitionName:
      workflow?.transitions.find((t) => t.id === r.transition_id)?.name ?? r.transition_id,
    occurredAt: r.occurred_at ?? r.requested_at,
    citations: storedCitations(
      r.citations,
      workflow?.transitions.find((t) => t.id === r.transition_id),
    ),
    fromState: r.from_state,
    toState: r.to_state,
    outcome: r.outcome,
    status: r.status === 'applied' || r.status === 'declined' ? r.status : 'awaiting-authorisation',
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    packId: r.pack_id,
    packVersion: r.pack_version,
    requestedBy: { userId: r.requested_by, name: r.requester_name },
    requestedAt: r.requested_at,
    decidedBy: r.decided_by !== null ? { userId: r.decided_by, name: r.decider_name } : null,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
  }));
}

/**
 * The citations stored with a decision. Decisions recorded before they were stored (migration
 * 0015) read the step's and its guards' citations from the pack the work runs under.
 */
export function storedCitations(
  json: string | null,
  t: Parameters<typeof citationsOf>[0] | undefined,
): RuleCitation[] {
  if (json !== null) return JSON.parse(json) as RuleCitation[];
  return t ? citationsOf(t) : [];
}
