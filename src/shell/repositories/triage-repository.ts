/**
 * The front door's triage tray, MASH enquiries kept on the contact's work item under its version
 * check, and consent the front door records while triaging. Front-door staff only; every read and
 * write is audited, and list queries filter in SQL.
 */
import { withTransaction } from '../db/unit-of-work.js';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { ConsentPurpose } from '../../core/journey/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Actor } from '../../core/access/index.js';
import { TIMESCALE_IDS, type LevelNumber, type ResolvedPack } from '../../core/policy/index.js';
import { statusOf } from '../calendar/index.js';
import type { Database } from '../db/index.js';
import { appendAudit } from './audit-repository.js';
import { appendTimeline, authoriseChild } from './child-access.js';
import { readableChildren } from './readable-children.js';
import {
  authoriseFrontDoor,
  contactReference,
  insertContactConsent,
  type Consulted,
  type NotSoughtReason,
} from './contact-repository.js';
import {
  contactWorkItem,
  getContact,
  type ContactView,
  type MashRequest,
} from './contact-view-repository.js';
import type { RequestContext } from './request-context.js';
import type { TriageItem } from '../schemas/index.js';

export type { TriageItem };

/**
 * Open contacts for the actor's agency, by priority: immediate concerns first, then the
 * referrer's level 4 to 1 (001: "the referrer selects a level … this informs how this case will
 * be prioritised"), then urgency today before routine, then oldest first.
 */
export async function listTriage(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  limit = 200,
): Promise<TriageItem[]> {
  const actor = await authoriseFrontDoor(db, ctx, 'contact.triage-list');
  const visible = readableChildren(db, actor, ctx.now);
  let q = db
    .selectFrom('work_items as w')
    .innerJoin('contacts as c', 'c.id', 'w.subject_id')
    .select([
      'w.id',
      'w.pack_id',
      'w.workflow_id',
      'w.state',
      'w.data',
      'c.id as contact_id',
      'c.received_at',
      'c.channel',
      'c.urgency',
      'c.referrer_level',
      'c.referrer_name',
      'c.referrer_agency_name',
    ])
    .where('w.subject_type', '=', 'contact')
    .where('w.closed_at', 'is', null)
    .where('w.owner_agency_id', '=', actor.agencyId);
  if (visible !== null)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('work_item_children as wc')
          .select('wc.child_id')
          .whereRef('wc.work_item_id', '=', 'w.id')
          .where('wc.child_id', 'in', visible),
      ),
    );
  const rows = await q
    .orderBy(sql`case when c.urgency = 'immediate' then 0 else 1 end`)
    .orderBy('c.referrer_level', 'desc')
    .orderBy(sql`case when c.urgency = 'today' then 0 else 1 end`)
    .orderBy('c.received_at')
    .limit(limit)
    .execute();
  const ids = rows.map((r) => r.id);
  const children =
    ids.length === 0
      ? []
      : await db
          .selectFrom('work_item_children as wc')
          .innerJoin('people as p', 'p.id', 'wc.child_id')
          .select(['wc.work_item_id', 'p.id', 'p.given_name', 'p.family_name'])
          .where('wc.work_item_id', 'in', ids)
          .orderBy('p.date_of_birth')
          .execute();
  const deadlines =
    ids.length === 0
      ? []
      : await db
          .selectFrom('deadlines')
          .select(['work_item_id', 'timescale_id', 'due'])
          .where('work_item_id', 'in', ids)
          .where('met_at', 'is', null)
          .orderBy('due')
          .execute();
  const pending =
    ids.length === 0
      ? []
      : await db
          .selectFrom('transitions')
          .select('work_item_id')
          .where('work_item_id', 'in', ids)
          .where('status', '=', 'awaiting-authorisation')
          .execute();
  await appendAudit(db, ctx, {
    action: 'contact.triage-list',
    objectType: 'work-item',
    outcome: 'allowed',
  });
  return rows.map((r) => {
    const pack = packs.get(r.pack_id);
    const open = deadlines.filter((d) => d.work_item_id === r.id);
    const due =
      (open.find((d) => d.timescale_id === TIMESCALE_IDS.referralDecision) ?? open[0])?.due ?? null;
    const status = due !== null && pack ? statusOf(pack, due, ctx.now).state : null;
    const data = JSON.parse(r.data) as { reference?: string };
    return {
      workItemId: r.id,
      reference: data.reference ?? contactReference(r.contact_id),
      receivedAt: r.received_at,
      channel: r.channel,
      urgency: r.urgency,
      referrerLevel: r.referrer_level as LevelNumber,
      state: r.state,
      stateName:
        pack?.workflows.get(r.workflow_id)?.states.find((s) => s.id === r.state)?.name ?? r.state,
      referrerName: r.referrer_name,
      referrerAgencyName: r.referrer_agency_name,
      children: children
        .filter((ch) => ch.work_item_id === r.id)
        .map((ch) => ({ id: ch.id, name: `${ch.given_name} ${ch.family_name}` })),
      decisionDue: due,
      dueStatus: status,
      overdue: status === 'overdue',
      awaitingAuthorisation: pending.some((p) => p.work_item_id === r.id),
    };
  });
}

// ------------------------------------------------------------------------------------------
// MASH enquiries and consent recorded at triage
// ------------------------------------------------------------------------------------------

/** Ask a partner agency for information (a MASH enquiry), under the work item's version check. */
export async function addMashRequest(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  workItemId: string,
  request: { agency: string; question: string; expectedVersion: number },
): Promise<ContactView> {
  return changeMashRequests(
    db,
    ctx,
    packs,
    workItemId,
    request.expectedVersion,
    'contact.mash-request',
    (list, actor) => {
      const r: MashRequest = {
        id: randomUUID(),
        agency: request.agency.trim(),
        question: request.question.trim(),
        requestedAt: ctx.now,
        requestedBy: actor.displayName,
        answer: null,
        answeredAt: null,
        answeredBy: null,
      };
      return {
        list: [...list, r],
        summary: `MASH enquiry: information requested from ${r.agency}`,
      };
    },
  );
}

/** Record a partner agency's answer to a MASH request. */
export async function answerMashRequest(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  workItemId: string,
  requestId: string,
  answer: { answer: string; expectedVersion: number },
): Promise<ContactView> {
  return changeMashRequests(
    db,
    ctx,
    packs,
    workItemId,
    answer.expectedVersion,
    'contact.mash-answer',
    (list, actor) => {
      const r = list.find((x) => x.id === requestId);
      if (!r)
        throw new BatonError('BATON_NOT_FOUND', {
          message: 'There is no MASH request with that id.',
        });
      const updated: MashRequest = {
        ...r,
        answer: answer.answer.trim(),
        answeredAt: ctx.now,
        answeredBy: actor.displayName,
      };
      return {
        list: list.map((x) => (x.id === requestId ? updated : x)),
        summary: `MASH enquiry: ${r.agency} answered`,
      };
    },
  );
}

async function changeMashRequests(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  workItemId: string,
  expectedVersion: number,
  action: string,
  change: (list: readonly MashRequest[], actor: Actor) => { list: MashRequest[]; summary: string },
): Promise<ContactView> {
  const item = await contactWorkItem(db, packs, workItemId);
  const actor = await authoriseFrontDoor(db, ctx, action, workItemId);
  for (const childId of item.childIds)
    await authoriseChild(db, ctx, childId, 'write', {
      action,
      objectType: 'work-item',
      objectId: workItemId,
    });
  if (item.final)
    throw new BatonError('BATON_TRANSITION_NOT_ALLOWED', {
      message: 'This contact is closed: a MASH enquiry can no longer be changed.',
    });
  if (item.version !== expectedVersion) throw new BatonError('BATON_STALE_EDIT');
  const current = (item.data.mashRequests ?? []) as MashRequest[];
  const { list, summary } = change(current, actor);
  await withTransaction(db, async (trx) => {
    const res = await trx
      .updateTable('work_items')
      .set({
        data: JSON.stringify({ ...item.data, mashRequests: list }),
        version: item.version + 1,
      })
      .where('id', '=', item.id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new BatonError('BATON_STALE_EDIT');
    for (const childId of item.childIds)
      await appendTimeline(trx, {
        childId,
        at: ctx.now,
        kind: action,
        summary,
        objectType: 'work-item',
        objectId: item.id,
        actorUserId: actor.userId,
      });
    await appendAudit(trx, ctx, {
      action,
      objectType: 'work-item',
      objectId: item.id,
      outcome: 'allowed',
    });
  });
  return getContact(db, ctx, packs, workItemId);
}

/**
 * Record consent the front door obtains while triaging (e.g. the family agrees to early help:
 * Peterborough 003 §1 sends a contact to the Early Help Hub only with it), for every child.
 */
export async function recordContactConsent(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  workItemId: string,
  consent: {
    purpose: ConsentPurpose;
    decision: 'given' | 'refused' | 'not-sought' | 'withdrawn';
    givenByPersonId: string | null;
    method: 'verbal' | 'written' | null;
    notSoughtReason: NotSoughtReason | null;
    consulted: Consulted | null;
    notes: string | null;
  },
): Promise<ContactView> {
  const item = await contactWorkItem(db, packs, workItemId);
  await authoriseFrontDoor(db, ctx, 'contact.consent', workItemId);
  for (const childId of item.childIds)
    await authoriseChild(db, ctx, childId, 'write', {
      action: 'contact.consent',
      objectType: 'work-item',
      objectId: workItemId,
    });
  const rels =
    consent.givenByPersonId === null
      ? []
      : await db
          .selectFrom('relationships')
          .select(['child_id', 'parental_responsibility'])
          .where('person_id', '=', consent.givenByPersonId)
          .where('child_id', 'in', item.childIds)
          .execute();
  if (consent.givenByPersonId !== null && rels.length === 0)
    throw new BatonError('BATON_VALIDATION', {
      details: [
        {
          path: 'givenByPersonId',
          message: 'Choose a parent or carer of the children in this contact',
        },
      ],
    });
  await withTransaction(db, async (trx) => {
    for (const childId of item.childIds) {
      const rel = rels.find((r) => r.child_id === childId);
      await insertContactConsent(trx, ctx, {
        childId,
        purpose: consent.purpose,
        decision: consent.decision,
        givenByPersonId: consent.givenByPersonId,
        givenByKind: rel
          ? rel.parental_responsibility === 1
            ? 'parent-with-pr'
            : 'carer-without-pr'
          : null,
        method: consent.method,
        notSoughtReason: consent.notSoughtReason,
        consulted: consent.consulted,
        notes: consent.notes,
      });
    }
    await appendAudit(trx, ctx, {
      action: 'contact.consent',
      objectType: 'work-item',
      objectId: item.id,
      outcome: 'allowed',
      reason: `${consent.purpose}: ${consent.decision}`,
    });
  });
  return getContact(db, ctx, packs, workItemId);
}
