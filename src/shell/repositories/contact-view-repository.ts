/**
 * A contact read back whole: the children and their parents, consent, concerns, the
 * levels-of-need check's reasons, deadlines, MASH requests (front door only), the decisions
 * taken and those open to the reader. Access is checked for every child it names.
 */
import type { Kysely } from 'kysely';
import { availableTransitions, type Citation } from '../../core/journey/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { LevelNumber, ResolvedPack } from '../../core/policy/index.js';
import { statusOf } from '../calendar/index.js';
import type { Database } from '../db/index.js';
import { contactReference, isFrontDoor, type ThresholdSnapshot } from './contact-repository.js';
import type { RequestContext } from './request-context.js';
import { getWorkItem, loadWorkItem, type WorkItem } from './work-repository.js';
import type { ContactView, MashRequest } from '../schemas/index.js';

export type { ContactView, MashRequest };

/** Load a contact's work item (no access check), refusing other kinds of work as not found. */
export async function contactWorkItem(
  db: Kysely<Database>,
  packs: ReadonlyMap<string, ResolvedPack>,
  workItemId: string,
): Promise<WorkItem> {
  const item = await loadWorkItem(db, packs, workItemId);
  if (item?.subjectType !== 'contact')
    throw new BatonError('BATON_NOT_FOUND', { message: 'There is no contact with that id.' });
  return item;
}

/** Check the id names a contact (for routes that hand over to the work repository). */
export async function requireContact(
  db: Kysely<Database>,
  packs: ReadonlyMap<string, ResolvedPack>,
  workItemId: string,
): Promise<void> {
  await contactWorkItem(db, packs, workItemId);
}

/**
 * A contact as the front door sees it (everything) or as the referrer sees it (no MASH
 * requests, no decisions to take): access is checked for every child it names.
 */
export async function getContact(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  workItemId: string,
): Promise<ContactView> {
  await contactWorkItem(db, packs, workItemId);
  const item = await getWorkItem(db, ctx, packs, workItemId);
  return contactView(db, ctx, packs, item);
}

async function contactView(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  item: WorkItem,
): Promise<ContactView> {
  const c = await db
    .selectFrom('contacts')
    .selectAll()
    .where('id', '=', item.subjectId)
    .executeTakeFirstOrThrow();
  const links = await db
    .selectFrom('contact_people as cp')
    .innerJoin('people as p', 'p.id', 'cp.person_id')
    .select([
      'p.id',
      'p.given_name',
      'p.family_name',
      'p.date_of_birth',
      'p.expected_date',
      'p.nhs_number',
      'p.address',
      'p.postcode',
      'cp.role',
    ])
    .where('cp.contact_id', '=', c.id)
    .execute();
  const childRows = item.childIds
    .map((id) => links.find((l) => l.id === id))
    .filter((l) => l !== undefined);
  const adultRows = links.filter((l) => l.role !== 'child');
  const rels =
    item.childIds.length === 0
      ? []
      : await db
          .selectFrom('relationships')
          .selectAll()
          .where('child_id', 'in', item.childIds)
          .orderBy('created_at')
          .execute();
  const consents =
    item.childIds.length === 0
      ? []
      : await db
          .selectFrom('consents')
          .selectAll()
          .where('child_id', 'in', item.childIds)
          .where('purpose', 'in', ['front-door-referral', 'early-help', 'information-sharing'])
          .orderBy('created_at')
          .execute();
  const deadlines = await db
    .selectFrom('deadlines')
    .selectAll()
    .where('work_item_id', '=', item.id)
    .orderBy('opened_at')
    .execute();
  const transitions = await db
    .selectFrom('transitions as t')
    .leftJoin('users as r', 'r.id', 't.requested_by')
    .leftJoin('users as d', 'd.id', 't.decided_by')
    .select([
      't.id',
      't.transition_id',
      't.outcome',
      't.status',
      't.payload',
      't.requested_at',
      't.decided_at',
      't.decision_note',
      'r.display_name as requested_name',
      'd.display_name as decided_name',
    ])
    .where('t.work_item_id', '=', item.id)
    .orderBy('t.requested_at')
    .execute();
  const pack = packs.get(item.packId);
  const workflow = pack?.workflows.get(item.workflowId);
  const frontDoor = isFrontDoor(ctx.actor);
  const data = item.data as {
    reference?: string;
    thresholdCheck?: ThresholdSnapshot | null;
    familyNotSpokenToReason?: string | null;
    parentDetailsUnknown?: { childId: string; reason: string }[];
    mashRequests?: MashRequest[];
  };
  const awaiting = transitions.some((t) => t.status === 'awaiting-authorisation');
  const name = (p: { given_name: string; family_name: string }) =>
    `${p.given_name} ${p.family_name}`;
  return {
    workItemId: item.id,
    contactId: c.id,
    reference: data.reference ?? contactReference(c.id),
    packId: item.packId,
    packVersion: item.packVersion,
    workflowName: item.workflowName,
    state: item.state,
    stateName: item.stateName,
    final: item.final,
    version: item.version,
    receivedAt: c.received_at,
    channel: c.channel,
    urgency: c.urgency,
    referrerLevel: c.referrer_level as LevelNumber,
    level: item.level,
    referrer: {
      userId: c.referrer_user_id,
      name: c.referrer_name,
      agencyName: c.referrer_agency_name,
      phone: c.referrer_phone,
    },
    concerns: c.concerns,
    thresholdCheck: data.thresholdCheck ?? null,
    familySpokenTo: c.family_spoken_to === 1,
    familyNotSpokenToReason: data.familyNotSpokenToReason ?? null,
    consent: {
      decision: c.consent_decision,
      notSoughtReason: c.consent_decision === 'not-sought' ? c.consent_reason : null,
      consulted: c.consulted,
    },
    consents: consents.map((k) => ({
      childId: k.child_id,
      purpose: k.purpose,
      decision: k.decision,
      givenByPersonId: k.given_by_person_id,
      givenByKind: k.given_by_kind,
      notSoughtReason: k.not_sought_reason,
      consulted: k.consulted,
      notes: k.notes,
      recordedOn: k.recorded_on,
    })),
    children: childRows.map((ch) => ({
      id: ch.id,
      name: name(ch),
      dateOfBirth: ch.date_of_birth,
      expectedDate: ch.expected_date,
      nhsNumber: ch.nhs_number,
      home: [ch.address, ch.postcode].filter((x) => x !== null && x !== '').join(', ') || null,
      parentDetailsUnknownReason:
        data.parentDetailsUnknown?.find((x) => x.childId === ch.id)?.reason ?? null,
      parents: rels
        .filter((r) => r.child_id === ch.id)
        .map((r) => {
          const adult = links.find((l) => l.id === r.person_id);
          return {
            personId: r.person_id,
            name: adult ? name(adult) : r.person_id,
            relationship: r.relationship,
            parentalResponsibility: r.parental_responsibility === 1,
            livesWithChild: r.lives_with_child === 1,
          };
        }),
    })),
    adults: adultRows.map((a) => ({
      id: a.id,
      name: name(a),
      dateOfBirth: a.date_of_birth,
      role: a.role,
    })),
    deadlines: deadlines.map((d) => ({
      timescaleId: d.timescale_id,
      name: d.name,
      due: d.due,
      met: d.met_at !== null,
      status: d.met_at === null && pack ? statusOf(pack, d.due, ctx.now).state : null,
      citation: JSON.parse(d.citation) as Citation,
    })),
    mashRequests: frontDoor ? (data.mashRequests ?? []) : [],
    history: transitions.map((t) => {
      const payload = JSON.parse(t.payload) as { rationale?: unknown };
      return {
        id: t.id,
        transitionId: t.transition_id,
        name: workflow?.transitions.find((x) => x.id === t.transition_id)?.name ?? t.transition_id,
        outcome: t.outcome,
        status: t.status,
        rationale: typeof payload.rationale === 'string' ? payload.rationale : null,
        requestedBy: t.requested_name ?? '',
        requestedAt: t.requested_at,
        decidedBy: t.decided_name ?? null,
        decidedAt: t.decided_at,
        decisionNote: t.decision_note,
      };
    }),
    awaitingAuthorisation: awaiting,
    availableDecisions:
      frontDoor && workflow && !item.final && !awaiting && ctx.actor
        ? availableTransitions(workflow, item.state, ctx.actor.roles).map((t) => ({
            id: t.id,
            name: t.name,
            to: t.to,
            needsAuthorisation:
              t.authorisedBy !== undefined &&
              !t.authorisedBy.some((r) => ctx.actor?.roles.includes(r) === true),
            requires: t.requires.map((r) => ({ field: r.field, label: r.label })),
            guards: t.guards.map((g) => ({ guard: g.guard, text: g.text, citation: g.citation })),
            citation: t.citation,
          }))
        : [],
  };
}

/**
 * The telephone number held on each person a contact names as a child's parent or carer, by
 * person id (null: none held). No access check or audit of its own: it reads only people of a
 * contact the caller has just read through `getContact`, which checked and audited the read.
 */
export async function contactParentPhones(
  db: Kysely<Database>,
  contact: Pick<ContactView, 'children'>,
): Promise<Record<string, string | null>> {
  const ids = [...new Set(contact.children.flatMap((ch) => ch.parents.map((p) => p.personId)))];
  if (ids.length === 0) return {};
  const rows = await db
    .selectFrom('people')
    .select(['id', 'phone'])
    .where('id', 'in', ids)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.id, r.phone]));
}
