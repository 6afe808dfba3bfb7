/**
 * Applying a planned step inside the work repository's transaction: the new state, deadlines met
 * and opened, a hand-over to another agency, the timeline and the notifications.
 */
import type { Transaction } from 'kysely';
import type { DeadlinePlan, Party, Transition, Workflow } from '../../core/journey/index.js';
import type { Database } from '../db/index.js';
import { addInvolvement, appendTimeline } from './child-access.js';
import type { RequestContext } from './request-context.js';
import { notify, notifyParty, openDeadlines } from './work-effects.js';
import type { WorkItem } from './work-items.js';

/** Apply a step the journey engine planned (inside the caller's transaction). */
export async function applyPlan(
  trx: Transaction<Database>,
  ctx: RequestContext,
  workflow: Workflow,
  item: WorkItem,
  t: Transition,
  opens: DeadlinePlan[],
  closes: readonly string[],
  parties: readonly Party[],
  payload: Record<string, unknown>,
): Promise<void> {
  const actorId = ctx.actor?.userId ?? null;
  const entersFinal = workflow.states.find((st) => st.id === t.to)?.final === true;
  const lead =
    typeof payload.leadProfessionalName === 'string' && payload.leadProfessionalName.trim() !== ''
      ? payload
      : null;
  const level = typeof payload.level === 'number' ? payload.level : undefined;
  // A hand-over (e.g. to the Early Help Hub) moves ownership, open deadlines and involvement.
  const newOwner = t.handsTo ? await agencyOfKind(trx, t.handsTo) : null;
  const owner = newOwner ?? item.ownerAgencyId;
  await trx
    .updateTable('work_items')
    .set({
      state: t.to,
      events: JSON.stringify([...item.events, { id: t.id, on: ctx.now.slice(0, 10) }]),
      ...(lead
        ? {
            lead_professional_name: String(lead.leadProfessionalName),
            lead_professional_agency:
              typeof lead.leadProfessionalAgency === 'string' ? lead.leadProfessionalAgency : '',
          }
        : {}),
      ...(level !== undefined ? { level } : {}),
      ...(entersFinal ? { closed_at: ctx.now } : {}),
      ...(newOwner !== null ? { owner_agency_id: newOwner } : {}),
    })
    .where('id', '=', item.id)
    .execute();
  if (newOwner !== null) {
    await trx
      .updateTable('deadlines')
      .set({ owner_agency_id: newOwner, owner_user_id: null })
      .where('work_item_id', '=', item.id)
      .where('met_at', 'is', null)
      .execute();
    for (const childId of item.childIds) {
      await addInvolvement(trx, {
        childId,
        agencyId: newOwner,
        userId: null,
        role: 'allocated-team',
        from: ctx.now.slice(0, 10),
        now: ctx.now,
      });
    }
    await notify(trx, ctx, {
      agencyId: newOwner,
      roles: ['team-manager', 'lead-professional'],
      kind: 'allocation',
      text: `Passed to your team: ${t.name}`,
      objectId: item.id,
    });
  }
  if (entersFinal) {
    // Finished work leaves nothing due.
    await trx
      .updateTable('deadlines')
      .set({ met_at: ctx.now })
      .where('work_item_id', '=', item.id)
      .where('met_at', 'is', null)
      .execute();
  } else if (closes.length > 0) {
    await trx
      .updateTable('deadlines')
      .set({ met_at: ctx.now })
      .where('work_item_id', '=', item.id)
      .where('timescale_id', 'in', [...closes])
      .where('met_at', 'is', null)
      .execute();
  }
  await openDeadlines(
    trx,
    ctx,
    item.id,
    opens,
    owner,
    newOwner !== null ? null : (item.leadProfessional?.userId ?? null),
  );
  const text = `${t.name}${typeof payload.rationale === 'string' && payload.rationale.trim() !== '' ? `: ${payload.rationale.trim()}` : ''}`;
  for (const childId of item.childIds) {
    await appendTimeline(trx, {
      childId,
      at: ctx.now,
      kind: 'transition',
      summary: text,
      objectType: 'work-item',
      objectId: item.id,
      actorUserId: actorId,
    });
  }
  for (const party of parties) await notifyParty(trx, ctx, item, party, text);
}

/** The first agency of a kind (the deployment has one early help service, one social care). */
export async function agencyOfKind(
  trx: Transaction<Database>,
  kind: string,
): Promise<string | null> {
  const row = await trx
    .selectFrom('agencies')
    .select('id')
    .where('kind', '=', kind)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  return row?.id ?? null;
}
