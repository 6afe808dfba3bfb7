/**
 * The append-only audit trail: every sign-in, read and write, including refusals.
 * Audit rows name actors, agencies, actions and object ids; never a child's details.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import { decideAccess } from '../../core/access/index.js';
import type { Database } from '../db/index.js';
import { deferUntilUnitEnds } from '../db/unit-of-work.js';
import { writeAuditRow } from './audit-writer.js';
import type { RequestContext } from './request-context.js';
import type { AuditEventView } from '../schemas/audit-views.js';

export type { AuditEventView };

export type AuditOutcome = 'allowed' | 'refused' | 'failed';

export interface AuditEntry {
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  outcome: AuditOutcome;
  reason?: string | null;
  /** For sign-in attempts, before there is an actor. */
  actorUserId?: string | null;
  /** An administrative change: what the object was and what it became (null when new or gone). */
  changes?: AuditChanges | null;
}

/** What an administrative change did; `via` names the `baton` command when it made it. */
export interface AuditChanges {
  before: unknown;
  after: unknown;
  via?: string;
}

export interface AuditQuery {
  action?: string | undefined;
  actorUserId?: string | undefined;
  objectId?: string | undefined;
  outcome?: string | undefined;
  limit?: number | undefined;
  beforeSeq?: number | undefined;
}

/**
 * Append one audit event. Used by every repository; failure to audit fails the operation. Outside a
 * transaction, concurrent requests share one commit (audit-writer.ts); it resolves once committed.
 */
export async function appendAudit(
  db: Kysely<Database>,
  ctx: RequestContext,
  entry: AuditEntry,
): Promise<void> {
  const row = {
    id: randomUUID(),
    at: ctx.now,
    request_id: ctx.requestId,
    actor_user_id: entry.actorUserId ?? ctx.actor?.userId ?? null,
    actor_agency_id: ctx.actor?.agencyId ?? null,
    actor_roles: (ctx.actor?.roles ?? []).join(' '),
    action: entry.action,
    object_type: entry.objectType ?? null,
    object_id: entry.objectId ?? null,
    outcome: entry.outcome,
    reason: entry.reason ?? null,
    remote_address: ctx.remoteAddress,
    // Always present, so that rows batched into one INSERT have the same columns.
    changes_json: entry.changes ? JSON.stringify(entry.changes) : null,
  };
  // A refusal (or a failed look-up) usually throws and so rolls its unit of work back; its audit
  // row must outlive that, so it is written when the unit ends rather than inside it.
  if (entry.outcome !== 'allowed' && deferUntilUnitEnds(db, row)) return;
  await writeAuditRow(db, row);
}

/** Refuse and audit in one step: returns the error to throw. */
export async function refuse(
  db: Kysely<Database>,
  ctx: RequestContext,
  entry: Omit<AuditEntry, 'outcome'>,
): Promise<BatonError> {
  await appendAudit(db, ctx, { ...entry, outcome: 'refused' });
  return new BatonError(ctx.actor ? 'BATON_FORBIDDEN' : 'BATON_NOT_SIGNED_IN');
}

/** Reading the audit trail is itself audited and limited to auditors and administrators. */
export async function searchAudit(
  db: Kysely<Database>,
  ctx: RequestContext,
  query: AuditQuery,
): Promise<AuditEventView[]> {
  const actor = ctx.actor;
  const decision = actor
    ? decideAccess(actor, { action: 'audit.read' })
    : { allowed: false as const, reason: 'not signed in' };
  if (!decision.allowed)
    throw await refuse(db, ctx, { action: 'audit.read', reason: decision.reason });
  let q = db.selectFrom('audit_events').selectAll();
  if (query.action !== undefined) q = q.where('action', '=', query.action);
  if (query.actorUserId !== undefined) q = q.where('actor_user_id', '=', query.actorUserId);
  if (query.objectId !== undefined) q = q.where('object_id', '=', query.objectId);
  if (query.outcome !== undefined) q = q.where('outcome', '=', query.outcome);
  if (query.beforeSeq !== undefined) q = q.where('seq', '<', query.beforeSeq);
  const rows = await q
    .orderBy('seq', 'desc')
    .limit(Math.min(query.limit ?? 50, 500))
    .execute();
  await appendAudit(db, ctx, { action: 'audit.read', outcome: 'allowed' });
  return rows.map((r) => ({
    seq: Number(r.seq),
    id: r.id,
    at: r.at,
    requestId: r.request_id,
    actorUserId: r.actor_user_id,
    actorAgencyId: r.actor_agency_id,
    actorRoles: r.actor_roles === '' ? [] : r.actor_roles.split(' '),
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    outcome: r.outcome,
    reason: r.reason,
    changes: r.changes_json == null ? null : (JSON.parse(r.changes_json) as AuditChanges),
  }));
}
