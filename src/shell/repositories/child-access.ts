/**
 * How the actor stands to a child (computed in SQL), the access decision for it, and the child's
 * timeline. Every repository that touches a child's record goes through `authoriseChild`.
 */
import { withTransaction } from '../db/unit-of-work.js';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import {
  decideChildAccess,
  type Actor,
  type ChildAction,
  type ChildRelationship,
} from '../../core/access/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Database } from '../db/index.js';
import { appendAudit, refuse } from './audit-repository.js';
import type { RequestContext } from './request-context.js';
import { londonDay } from '../../core/calendar/index.js';

const today = (now: string): string => londonDay(now);

interface StandingRow {
  source: 'person' | 'involvement' | 'break-glass';
  role: string | null;
  user_id: string | null;
  agency_id: string | null;
}

/**
 * Everything the access decision needs, in one statement: whether the person exists (and their
 * kind), the actor's and their agency's current involvements with them, and any unexpired
 * break-glass grant. Every read of a child pays this, so it is one round trip, not three.
 */
async function standing(
  db: Kysely<Database>,
  actor: Actor,
  childId: string,
  now: string,
): Promise<{ kind: string | null; relationship: ChildRelationship }> {
  const rows: StandingRow[] = await db
    .selectFrom('people')
    .select([
      sql<StandingRow['source']>`'person'`.as('source'),
      sql<string | null>`kind`.as('role'),
      sql<string | null>`null`.as('user_id'),
      sql<string | null>`null`.as('agency_id'),
    ])
    .where('id', '=', childId)
    .unionAll(
      db
        .selectFrom('involvements')
        .select([
          sql<StandingRow['source']>`'involvement'`.as('source'),
          'role',
          'user_id',
          'agency_id',
        ])
        .where('child_id', '=', childId)
        .where((eb) => eb.or([eb('to_date', 'is', null), eb('to_date', '>=', today(now))]))
        .where((eb) =>
          eb.or([eb('user_id', '=', actor.userId), eb('agency_id', '=', actor.agencyId)]),
        ),
    )
    .unionAll(
      db
        .selectFrom('break_glass')
        .select([
          sql<StandingRow['source']>`'break-glass'`.as('source'),
          sql<string | null>`null`.as('role'),
          sql<string | null>`user_id`.as('user_id'),
          sql<string | null>`null`.as('agency_id'),
        ])
        .where('child_id', '=', childId)
        .where('user_id', '=', actor.userId)
        .where('expires_at', '>', now),
    )
    .execute();
  const person = rows.find((r) => r.source === 'person');
  const involvements = rows.filter((r) => r.source === 'involvement');
  return {
    kind: person?.role ?? null,
    relationship: strongestRelationship(
      actor,
      involvements,
      rows.some((r) => r.source === 'break-glass'),
    ),
  };
}

/** The strongest of the actor's relationships to a child, from its current involvements. */
function strongestRelationship(
  actor: Actor,
  involvements: readonly {
    role: string | null;
    user_id: string | null;
    agency_id: string | null;
  }[],
  brokeGlass: boolean,
): ChildRelationship {
  if (involvements.some((r) => r.user_id === actor.userId && r.role !== 'referrer'))
    return 'involved';
  if (involvements.some((r) => r.agency_id === actor.agencyId && r.role !== 'referrer'))
    return 'team';
  if (involvements.some((r) => r.role === 'referrer')) return 'referrer';
  return brokeGlass ? 'break-glass' : 'none';
}

/** The actor's strongest relationship to the child. */
export async function relationshipTo(
  db: Kysely<Database>,
  actor: Actor,
  childId: string,
  now: string,
): Promise<ChildRelationship> {
  return (await standing(db, actor, childId, now)).relationship;
}

/**
 * Check the actor may take `action` on the child; audit and throw when not.
 * Callers audit the allowed read or write themselves, naming the object.
 */
export async function authoriseChild(
  db: Kysely<Database>,
  ctx: RequestContext,
  childId: string,
  action: ChildAction,
  audit: { action: string; objectType?: string; objectId?: string },
): Promise<{ actor: Actor; relationship: ChildRelationship; kind: string }> {
  const actor = ctx.actor;
  if (!actor)
    throw await refuse(db, ctx, {
      action: audit.action,
      objectType: audit.objectType ?? 'child',
      objectId: audit.objectId ?? childId,
      reason: 'not signed in',
    });
  const { kind, relationship } = await standing(db, actor, childId, ctx.now);
  if (kind === null) {
    await appendAudit(db, ctx, {
      action: audit.action,
      objectType: 'child',
      objectId: childId,
      outcome: 'failed',
      reason: 'not found',
    });
    throw new BatonError('BATON_NOT_FOUND', { message: 'There is no child with that id.' });
  }
  const decision = decideChildAccess(actor, relationship, action);
  if (!decision.allowed) {
    throw await refuse(db, ctx, {
      action: audit.action,
      objectType: audit.objectType ?? 'child',
      objectId: audit.objectId ?? childId,
      reason: `${decision.reason} (relationship: ${relationship})`,
    });
  }
  return { actor, relationship, kind };
}

/** Break-glass: emergency access for 24 hours with a reason, flagged for review. */
export async function breakGlass(
  db: Kysely<Database>,
  ctx: RequestContext,
  childId: string,
  reason: string,
): Promise<void> {
  const actor = ctx.actor;
  if (!actor) throw new BatonError('BATON_NOT_SIGNED_IN');
  const decision = decideChildAccess(actor, 'none', 'break-glass');
  if (!decision.allowed)
    throw await refuse(db, ctx, {
      action: 'child.break-glass',
      objectType: 'child',
      objectId: childId,
      reason: decision.reason,
    });
  // Without this an unknown id reached the insert and failed its foreign key: a 500 (API fuzz).
  const child = await db
    .selectFrom('people')
    .select('id')
    .where('id', '=', childId)
    .where('kind', '=', 'child')
    .executeTakeFirst();
  if (!child) {
    await appendAudit(db, ctx, {
      action: 'child.break-glass',
      objectType: 'child',
      objectId: childId,
      outcome: 'failed',
      reason: 'not found',
    });
    throw new BatonError('BATON_NOT_FOUND', { message: 'There is no child with that id.' });
  }
  if (reason.trim().length < 10) {
    throw new BatonError('BATON_VALIDATION', {
      details: [
        { path: 'reason', message: 'Say why you need emergency access (at least 10 characters)' },
      ],
    });
  }
  const expires = new Date(Date.parse(ctx.now) + 24 * 3_600_000).toISOString();
  await withTransaction(db, async (trx) => {
    await trx
      .insertInto('break_glass')
      .values({
        id: randomUUID(),
        user_id: actor.userId,
        child_id: childId,
        reason: reason.trim(),
        granted_at: ctx.now,
        expires_at: expires,
        reviewed_by: null,
        reviewed_at: null,
      })
      .execute();
    await appendAudit(trx, ctx, {
      action: 'child.break-glass',
      objectType: 'child',
      objectId: childId,
      outcome: 'allowed',
      reason: 'emergency access: flagged for review',
    });
    await appendTimeline(trx, {
      childId,
      at: ctx.now,
      kind: 'break-glass',
      summary: `Emergency access by ${actor.displayName}: ${reason.trim()}`,
      actorUserId: actor.userId,
    });
  });
}

export interface TimelineEntry {
  childId: string;
  at: string;
  kind: string;
  summary: string;
  objectType?: string | null;
  objectId?: string | null;
  actorUserId?: string | null;
}

/** Add an entry to the child's timeline (inside the caller's transaction). */
export async function appendTimeline(db: Kysely<Database>, entry: TimelineEntry): Promise<void> {
  await db
    .insertInto('child_timeline')
    .values({
      id: randomUUID(),
      child_id: entry.childId,
      at: entry.at,
      kind: entry.kind,
      summary: entry.summary,
      object_type: entry.objectType ?? null,
      object_id: entry.objectId ?? null,
      actor_user_id: entry.actorUserId ?? null,
    })
    .execute();
}

/**
 * Record that an agency (and optionally a practitioner) works with the child from `from`. With
 * `grantedFor`, the involvement lasts only as long as that pending decision (see
 * `endInvolvementsGrantedFor`), and is never merged with a lasting one.
 */
export async function addInvolvement(
  db: Kysely<Database>,
  involvement: {
    childId: string;
    agencyId: string;
    userId: string | null;
    role: string;
    from: string;
    now: string;
    grantedFor?: string | null;
  },
): Promise<void> {
  const grantedFor = involvement.grantedFor ?? null;
  const existing = await db
    .selectFrom('involvements')
    .select('id')
    .where('child_id', '=', involvement.childId)
    .where('agency_id', '=', involvement.agencyId)
    .where('role', '=', involvement.role)
    .where(
      involvement.userId === null
        ? (eb) => eb('user_id', 'is', null)
        : (eb) => eb('user_id', '=', involvement.userId),
    )
    .where(
      grantedFor === null
        ? (eb) => eb('granted_for', 'is', null)
        : (eb) => eb('granted_for', '=', grantedFor),
    )
    .where('to_date', 'is', null)
    .executeTakeFirst();
  if (existing) return;
  await db
    .insertInto('involvements')
    .values({
      id: randomUUID(),
      child_id: involvement.childId,
      agency_id: involvement.agencyId,
      user_id: involvement.userId,
      role: involvement.role,
      from_date: involvement.from,
      to_date: null,
      created_at: involvement.now,
      granted_for: grantedFor,
    })
    .execute();
}

/**
 * End every involvement granted for a pending decision, from `on` (a date). `to_date` is the last
 * day an involvement is in force, so the day before: access ends at once, not at midnight.
 */
export async function endInvolvementsGrantedFor(
  db: Kysely<Database>,
  grantedFor: string,
  on: string,
): Promise<void> {
  const dayBefore = new Date(Date.parse(`${on}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await db
    .updateTable('involvements')
    .set({ to_date: dayBefore })
    .where('granted_for', '=', grantedFor)
    .where('to_date', 'is', null)
    .execute();
}
