/**
 * What every early help repository file shares: the signed-in actor, today's date, the check
 * that a versioned update landed, the stored JSON lists, and the audit and timeline entries each
 * write makes in its own transaction. Internal to this module: not exported from its index.
 */
import type { Kysely, Transaction, UpdateResult } from 'kysely';
import { BatonError } from '../../../core/errors/error-catalogue.js';
import type { Database } from '../../db/index.js';
import { appendAudit } from '../audit-repository.js';
import { addInvolvement, appendTimeline } from '../child-access.js';
import type { RequestContext } from '../request-context.js';
import { londonDay } from '../../../core/calendar/index.js';

export type Db = Kysely<Database> | Transaction<Database>;

/** The request's date (YYYY-MM-DD). */
export const today = (ctx: RequestContext): string => londonDay(ctx.now);

/** The signed-in actor, or the not-signed-in error. */
export const actorOf = (ctx: RequestContext) => {
  if (!ctx.actor) throw new BatonError('BATON_NOT_SIGNED_IN');
  return ctx.actor;
};

/** Someone else changed the record after it was read. */
export const stale = (): BatonError => new BatonError('BATON_STALE_EDIT');

/** A versioned update (`where version = read`) must touch exactly one row, else it was stale. */
export function expectOneUpdated(res: UpdateResult): void {
  if (Number(res.numUpdatedRows) !== 1) throw stale();
}

/** Stored JSON: lists of text, attendees and transition payloads (written only by this module). */
export const texts = (json: string): string[] => JSON.parse(json) as string[];
export const payloadOf = (json: string): Record<string, unknown> =>
  JSON.parse(json) as Record<string, unknown>;

/** Put an entry on the timeline of each child the work concerns. */
export async function onTimeline(
  db: Db,
  ctx: RequestContext,
  on: { childIds: readonly string[] },
  e: { kind: string; summary: string; objectType: string; objectId: string },
): Promise<void> {
  for (const childId of on.childIds)
    await appendTimeline(db, {
      childId,
      at: ctx.now,
      kind: e.kind,
      summary: e.summary,
      objectType: e.objectType,
      objectId: e.objectId,
      actorUserId: ctx.actor?.userId ?? null,
    });
}

/** Audit a write that was allowed. */
export async function audited(
  db: Db,
  ctx: RequestContext,
  action: string,
  objectType: string,
  objectId: string,
  reason?: string,
): Promise<void> {
  await appendAudit(db, ctx, { action, objectType, objectId, outcome: 'allowed', reason });
}

/** Involve a lead professional (and their agency) with the child from today. */
export async function involveAsLead(
  db: Db,
  ctx: RequestContext,
  childId: string,
  lead: { userId: string; agencyId: string },
): Promise<void> {
  await addInvolvement(db, {
    childId,
    agencyId: lead.agencyId,
    userId: lead.userId,
    role: 'lead-professional',
    from: today(ctx),
    now: ctx.now,
  });
}
