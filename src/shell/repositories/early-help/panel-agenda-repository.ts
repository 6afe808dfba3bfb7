/**
 * Panel agendas: the cases put before a multi-agency panel's meetings (an early help episode, a
 * front-door contact, or any piece of work waiting for the panel's decision), the lead
 * professional each meeting allocates, and the decision it records as a step of the work.
 */
import { withTransaction } from '../../db/unit-of-work.js';
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { BatonError } from '../../../core/errors/error-catalogue.js';
import type { Database } from '../../db/index.js';
import { appendAudit } from '../audit-repository.js';
import { appendTimeline } from '../child-access.js';
import { readableChildren } from '../readable-children.js';
import type { RequestContext } from '../request-context.js';
import {
  actorOf,
  audited,
  expectOneUpdated,
  involveAsLead,
  onTimeline,
  type Db,
} from './early-help-shared.js';
import type { AgendaItemView, AgendaSubjectType } from '../../schemas/index.js';

export type { AgendaItemView, AgendaSubjectType };

const subjectTypeOf = (v: string): AgendaSubjectType =>
  v === 'contact' || v === 'work-item' ? v : 'episode';

function toAgendaView(
  r: Database['panel_agenda_items'],
  names: ReadonlyMap<string, string>,
): AgendaItemView {
  return {
    id: r.id,
    panelId: r.panel_id,
    meetingDate: r.meeting_date,
    subjectType: subjectTypeOf(r.subject_type),
    subjectId: r.subject_id,
    childId: r.child_id,
    childName: r.child_id !== null ? (names.get(r.child_id) ?? null) : null,
    reason: r.reason,
    status: r.status === 'allocated' || r.status === 'decided' ? r.status : 'listed',
    allocated:
      r.allocated_name !== null
        ? {
            userId: r.allocated_user_id,
            name: r.allocated_name,
            agency: r.allocated_agency ?? '',
            note: r.allocation_note,
            at: r.allocated_at ?? '',
          }
        : null,
    decision:
      r.decision_transition_id !== null && r.decision_record_id !== null
        ? {
            transitionId: r.decision_transition_id,
            recordId: r.decision_record_id,
            by: r.decided_by ?? '',
            at: r.decided_at ?? '',
          }
        : null,
    addedAt: r.added_at,
    version: r.version,
  };
}

/** How many cases are on each of a panel's meetings (no child details). */
export async function agendaCounts(
  db: Kysely<Database>,
  panelId: string,
  dates: readonly string[],
): Promise<Map<string, number>> {
  if (dates.length === 0) return new Map();
  const rows = await db
    .selectFrom('panel_agenda_items')
    .select(['meeting_date', (eb) => eb.fn.countAll().as('n')])
    .where('panel_id', '=', panelId)
    .where('meeting_date', 'in', [...dates])
    .groupBy('meeting_date')
    .execute();
  return new Map(rows.map((r) => [r.meeting_date, Number(r.n)]));
}

/** The agenda of one meeting: the cases the actor may see (filtered in SQL). */
export async function listAgenda(
  db: Kysely<Database>,
  ctx: RequestContext,
  panelId: string,
  date: string,
): Promise<AgendaItemView[]> {
  const actor = actorOf(ctx);
  const visible = readableChildren(db, actor, ctx.now);
  let q = db
    .selectFrom('panel_agenda_items')
    .selectAll()
    .where('panel_id', '=', panelId)
    .where('meeting_date', '=', date);
  if (visible !== null)
    q = q.where((eb) => eb.or([eb('child_id', 'is', null), eb('child_id', 'in', visible)]));
  const rows = await q.orderBy('added_at').execute();
  const childIds = [...new Set(rows.flatMap((r) => (r.child_id !== null ? [r.child_id] : [])))];
  const people =
    childIds.length === 0
      ? []
      : await db
          .selectFrom('people')
          .select(['id', 'given_name', 'family_name'])
          .where('id', 'in', childIds)
          .execute();
  await appendAudit(db, ctx, {
    action: 'panel.agenda.read',
    objectType: 'panel',
    objectId: `${panelId}/${date}`,
    outcome: 'allowed',
  });
  const names = new Map(people.map((p) => [p.id, `${p.given_name} ${p.family_name}`]));
  return rows.map((r) => toAgendaView(r, names));
}

/** The children a front-door contact concerns (for listing it on a panel's agenda). */
export async function contactChildren(db: Db, contactId: string): Promise<string[] | null> {
  const c = await db
    .selectFrom('contacts')
    .select('id')
    .where('id', '=', contactId)
    .executeTakeFirst();
  if (!c) return null;
  const rows = await db
    .selectFrom('contact_people')
    .select('person_id')
    .where('contact_id', '=', contactId)
    .where('role', '=', 'child')
    .execute();
  return rows.map((r) => r.person_id);
}

/** Put a case on a meeting's agenda; the caller has checked the panel, date and access. */
export async function insertAgendaItem(
  db: Kysely<Database>,
  ctx: RequestContext,
  a: {
    packId: string;
    panelId: string;
    panelName: string;
    meetingDate: string;
    subjectType: AgendaSubjectType;
    subjectId: string;
    childIds: readonly string[];
    reason: string;
  },
): Promise<AgendaItemView> {
  const actor = actorOf(ctx);
  const dup = await db
    .selectFrom('panel_agenda_items')
    .select('id')
    .where('panel_id', '=', a.panelId)
    .where('meeting_date', '=', a.meetingDate)
    .where('subject_id', '=', a.subjectId)
    .executeTakeFirst();
  if (dup)
    throw new BatonError('BATON_VALIDATION', {
      details: [{ path: 'subject', message: 'This case is already on that meeting’s agenda' }],
    });
  const id = randomUUID();
  await withTransaction(db, async (trx) => {
    await trx
      .insertInto('panel_agenda_items')
      .values({
        id,
        pack_id: a.packId,
        panel_id: a.panelId,
        meeting_date: a.meetingDate,
        subject_type: a.subjectType,
        subject_id: a.subjectId,
        child_id: a.childIds[0] ?? null,
        reason: a.reason,
        status: 'listed',
        allocated_user_id: null,
        allocated_name: null,
        allocated_agency: null,
        allocation_note: null,
        allocated_by: null,
        allocated_at: null,
        added_by: actor.userId,
        added_at: ctx.now,
        version: 1,
      })
      .execute();
    await onTimeline(trx, ctx, a, {
      kind: 'panel.listed',
      summary: `Listed for the ${a.panelName} on ${a.meetingDate}`,
      objectType: 'panel-agenda-item',
      objectId: id,
    });
    await audited(trx, ctx, 'panel.agenda.add', 'panel-agenda-item', id);
  });
  const row = await db
    .selectFrom('panel_agenda_items')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return toAgendaView(row, new Map());
}

/** One agenda item of a meeting, or a not-found error. */
export async function findAgendaItem(
  db: Db,
  panelId: string,
  date: string,
  itemId: string,
): Promise<Database['panel_agenda_items']> {
  const row = await db
    .selectFrom('panel_agenda_items')
    .selectAll()
    .where('id', '=', itemId)
    .where('panel_id', '=', panelId)
    .where('meeting_date', '=', date)
    .executeTakeFirst();
  if (!row)
    throw new BatonError('BATON_NOT_FOUND', {
      message: 'That case is not on the agenda of this meeting.',
    });
  return row;
}

/** Record the panel's allocation on the agenda item (inside the caller's transaction). */
export async function recordAllocation(
  trx: Transaction<Database>,
  ctx: RequestContext,
  row: Database['panel_agenda_items'],
  lead: { userId: string; name: string; agency: string },
  note: string | null,
): Promise<void> {
  const actor = actorOf(ctx);
  const res = await trx
    .updateTable('panel_agenda_items')
    .set({
      status: 'allocated',
      allocated_user_id: lead.userId,
      allocated_name: lead.name,
      allocated_agency: lead.agency,
      allocation_note: note,
      allocated_by: actor.userId,
      allocated_at: ctx.now,
      version: row.version + 1,
    })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  expectOneUpdated(res);
  await audited(
    trx,
    ctx,
    'panel.allocate',
    'panel-agenda-item',
    row.id,
    `lead professional: user ${lead.userId}`,
  );
}

/**
 * Record on the agenda item the step the panel's decision took on the work it heard (inside the
 * caller's transaction, with the step itself).
 */
export async function recordPanelDecision(
  trx: Transaction<Database>,
  ctx: RequestContext,
  row: Database['panel_agenda_items'],
  decision: { transitionId: string; recordId: string },
): Promise<void> {
  const actor = actorOf(ctx);
  const res = await trx
    .updateTable('panel_agenda_items')
    .set({
      status: 'decided',
      decision_transition_id: decision.transitionId,
      decision_record_id: decision.recordId,
      decided_by: actor.userId,
      decided_at: ctx.now,
      version: row.version + 1,
    })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  expectOneUpdated(res);
  await audited(
    trx,
    ctx,
    'panel.decide',
    'panel-agenda-item',
    row.id,
    `step ${decision.transitionId} on ${row.subject_type} ${row.subject_id}`,
  );
}

/** Give the allocated professional access to a contact's children (before an episode exists). */
export async function involveAllocatedProfessional(
  trx: Transaction<Database>,
  ctx: RequestContext,
  childIds: readonly string[],
  lead: { userId: string; agencyId: string },
  panelName: string,
): Promise<void> {
  for (const childId of childIds) {
    await involveAsLead(trx, ctx, childId, lead);
    await appendTimeline(trx, {
      childId,
      at: ctx.now,
      kind: 'panel.allocated',
      summary: `The ${panelName} allocated a lead professional`,
      objectType: 'panel',
      objectId: null,
      actorUserId: ctx.actor?.userId ?? null,
    });
  }
}
