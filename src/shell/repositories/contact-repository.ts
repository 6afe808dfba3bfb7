/**
 * Contacts at the front door: written in one transaction with the people they name, their
 * relationships, consent, the referrer's involvement, the `contact` work item and the timeline.
 * Reading a contact is in contact-view-repository.ts; the tray and MASH enquiries in
 * triage-repository.ts. Access is checked and audited here, where the data is written.
 */
import { isFrontDoor } from '../../core/access/index.js';
import { referralSourceForAgencyKind, type ReferralSourceCode } from '../../core/returns/index.js';
import type { AgencyKind } from '../../core/access/roles.js';
import { withTransaction } from '../db/unit-of-work.js';
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { ConsentPurpose } from '../../core/journey/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Actor, Role } from '../../core/access/index.js';
import {
  TIMESCALE_IDS,
  WORKFLOW_IDS,
  type LevelNumber,
  type ResolvedPack,
} from '../../core/policy/index.js';
import type { Database } from '../db/index.js';
import { appendAudit, refuse } from './audit-repository.js';
import { addInvolvement, appendTimeline } from './child-access.js';
import {
  insertPerson,
  insertRelationship,
  recordPhone,
  type NewPerson,
} from './people-repository.js';
import { notSoughtReasons } from './consent-repository.js';
import type { RequestContext } from './request-context.js';
import { startWork } from './work-repository.js';

export const contactChannels = ['online', 'telephone'] as const;
export const contactUrgencies = ['immediate', 'today', 'routine'] as const;
/** 004 §4: advice from a manager or the nominated safeguarding lead. */
export const consultedRoles = ['manager', 'safeguarding-lead'] as const;
import type { AdultRelationship } from '../../core/people/index.js';
import { recordEvent } from '../outbox/enqueue.js';
import { londonDay } from '../../core/calendar/index.js';
import type { ContactReceipt, PhoneNowStep, ThresholdSnapshot } from '../schemas/index.js';
export { adultRelationships, type AdultRelationship } from '../../core/people/index.js';
/** The relationships that count towards "both parents" (001). */
export const parentRelationships: readonly string[] = ['mother', 'father', 'parent'];

export type ContactChannel = (typeof contactChannels)[number];
export type ContactUrgency = (typeof contactUrgencies)[number];
export type NotSoughtReason = (typeof notSoughtReasons)[number];
export type Consulted = (typeof consultedRoles)[number];

/** Roles that make contacts (partners and the local authority's practitioners). */
const CONTACT_ROLES: readonly Role[] = [
  'practitioner',
  'designated-safeguarding-lead',
  'front-door-worker',
  'team-manager',
  'social-worker',
  'lead-professional',
];
export { isFrontDoor };

/** A short reference for people to quote on the phone. */
export function contactReference(contactId: string): string {
  const hex = contactId.replaceAll('-', '').toUpperCase();
  return `FD-${hex.slice(0, 4)}-${hex.slice(4, 8)}`;
}

/** Someone a contact names: on record already (with a number the contact gives), or new. */
export type PersonInput =
  { existingId: string; phone?: string | undefined } | { person: NewPerson };

export type { PhoneNowStep, ThresholdSnapshot };

/** A contact checked and resolved by the use-case, ready to write. */
export interface ContactToInsert {
  pack: ResolvedPack;
  ownerAgencyId: string;
  referrer: {
    userId: string | null;
    name: string;
    agencyId: string | null;
    agencyName: string;
    phone: string | null;
  };
  channel: ContactChannel;
  /** DfE referral source; absent, it is pre-selected from the referrer's agency kind. */
  referralSource?: ReferralSourceCode | undefined;
  concerns: string;
  thresholdCheck: ThresholdSnapshot | null;
  referrerLevel: LevelNumber;
  urgency: ContactUrgency;
  familySpokenTo: boolean;
  familyNotSpokenToReason: string | null;
  consent: {
    decision: 'given' | 'refused' | 'not-sought';
    givenByAdult: number | null;
    notSoughtReason: NotSoughtReason | null;
    consulted: Consulted | null;
    notes: string | null;
  };
  earlyHelpConsent: {
    decision: 'given' | 'refused';
    givenByAdult: number | null;
    notes: string | null;
  } | null;
  adults: PersonInput[];
  children: {
    who: PersonInput;
    parents: {
      adult: number;
      relationship: AdultRelationship;
      parentalResponsibility: boolean;
      livesWithChild: boolean;
    }[];
    parentDetailsUnknownReason: string | null;
  }[];
  phoneNow: PhoneNowStep[];
}

export type { ContactReceipt };

type Db = Kysely<Database> | Transaction<Database>;

/** Refuse (and audit) unless the actor may make contacts; on-behalf contacts need the front door. */
export async function authoriseContactCreation(
  db: Kysely<Database>,
  ctx: RequestContext,
  onBehalf: boolean,
): Promise<Actor> {
  const actor = ctx.actor;
  if (!actor) throw new BatonError('BATON_NOT_SIGNED_IN');
  const reason = !actor.roles.some((r) => CONTACT_ROLES.includes(r))
    ? 'your role does not make contacts to the front door'
    : onBehalf && !isFrontDoor(actor)
      ? 'only front-door staff record a contact on behalf of another referrer'
      : null;
  if (reason !== null)
    throw await refuse(db, ctx, { action: 'contact.create', objectType: 'contact', reason });
  return actor;
}

/** Refuse (and audit) unless the actor works the front door. */
export async function authoriseFrontDoor(
  db: Kysely<Database>,
  ctx: RequestContext,
  action: string,
  objectId: string | null = null,
): Promise<Actor> {
  const actor = ctx.actor;
  if (!actor) throw new BatonError('BATON_NOT_SIGNED_IN');
  if (!isFrontDoor(actor))
    throw await refuse(db, ctx, {
      action,
      objectType: 'work-item',
      objectId,
      reason: "only front-door workers and team managers in children's social care triage contacts",
    });
  return actor;
}

/** The agency that owns contacts: the one of kind children's social care. */
export async function childrensSocialCareAgencyId(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom('agencies')
    .select('id')
    .where('kind', '=', 'childrens-social-care')
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  if (!row)
    throw new BatonError('BATON_NOT_FOUND', {
      message:
        "No children's social care agency is set up to receive contacts. Ask the administrator.",
    });
  return row.id;
}

/** A user and their agency, for naming the referrer. */
export async function userWithAgency(
  db: Kysely<Database>,
  userId: string,
): Promise<{ id: string; name: string; agencyId: string; agencyName: string } | null> {
  const row = await db
    .selectFrom('users as u')
    .innerJoin('agencies as a', 'a.id', 'u.agency_id')
    .select(['u.id', 'u.display_name', 'u.agency_id', 'a.name'])
    .where('u.id', '=', userId)
    .where('u.active', '=', 1)
    .executeTakeFirst();
  return row
    ? { id: row.id, name: row.display_name, agencyId: row.agency_id, agencyName: row.name }
    : null;
}

/**
 * Write a contact and everything it brings, in one transaction: nothing is half-written on any
 * error.
 */
export async function insertContact(
  db: Kysely<Database>,
  ctx: RequestContext,
  c: ContactToInsert,
): Promise<ContactReceipt> {
  const actor = ctx.actor;
  if (!actor) throw new BatonError('BATON_NOT_SIGNED_IN');
  const contactId = randomUUID();
  const today = londonDay(ctx.now);
  return withTransaction(db, async (trx) => {
    const agency =
      c.referrer.agencyId === null
        ? undefined
        : await trx
            .selectFrom('agencies')
            .select('kind')
            .where('id', '=', c.referrer.agencyId)
            .executeTakeFirst();
    const referralSource =
      c.referralSource ??
      (agency === undefined
        ? // No agency: a member of the public on the telephone, recorded as an individual (other).
          c.channel === 'telephone'
          ? '1D'
          : '10'
        : referralSourceForAgencyKind(agency.kind as AgencyKind));
    await trx
      .insertInto('contacts')
      .values({
        id: contactId,
        referrer_user_id: c.referrer.userId,
        referrer_name: c.referrer.name,
        referrer_agency_id: c.referrer.agencyId,
        referrer_agency_name: c.referrer.agencyName,
        referrer_phone: c.referrer.phone,
        channel: c.channel,
        concerns: c.concerns,
        threshold_check_id: c.thresholdCheck?.id ?? null,
        referrer_level: c.referrerLevel,
        urgency: c.urgency,
        consent_decision: c.consent.decision,
        consent_reason: c.consent.notSoughtReason ?? c.consent.notes,
        consulted: c.consent.consulted,
        family_spoken_to: c.familySpokenTo ? 1 : 0,
        referral_source: referralSource,
        received_at: ctx.now,
        idempotency_key: null,
        created_by: actor.userId,
      })
      .execute();

    const people: ContactReceipt['people'] = [];
    const adultIds: string[] = [];
    for (const a of c.adults) {
      const { id, name } = await personFor(trx, ctx, a, 'adult');
      adultIds.push(id);
      people.push({ personId: id, role: 'adult', name });
    }
    const childIds: string[] = [];
    for (const ch of c.children) {
      const { id, name } = await personFor(trx, ctx, ch.who, 'child');
      childIds.push(id);
      people.push({ personId: id, role: 'child', name });
    }
    await trx
      .insertInto('contact_people')
      .values(
        [
          ...childIds.map((id) => ({ contact_id: contactId, person_id: id, role: 'child' })),
          ...adultIds.map((id, i) => ({
            contact_id: contactId,
            person_id: id,
            role: adultRole(c, i),
          })),
        ].filter((row, i, all) => all.findIndex((r) => r.person_id === row.person_id) === i),
      )
      .execute();

    for (const [i, ch] of c.children.entries()) {
      const childId = childIds[i] ?? '';
      for (const p of ch.parents) {
        const personId = adultIds[p.adult] ?? '';
        const existing = await trx
          .selectFrom('relationships')
          .select('id')
          .where('child_id', '=', childId)
          .where('person_id', '=', personId)
          .executeTakeFirst();
        if (!existing)
          await insertRelationship(trx, ctx, {
            childId,
            personId,
            relationship: p.relationship,
            parentalResponsibility: p.parentalResponsibility,
            livesWithChild: p.livesWithChild,
          });
      }
    }

    const consentRows: { purpose: ConsentPurpose; c: ContactToInsert['consent'] }[] = [
      { purpose: 'front-door-referral', c: c.consent },
    ];
    if (c.earlyHelpConsent)
      consentRows.push({
        purpose: 'early-help',
        c: { ...c.earlyHelpConsent, notSoughtReason: null, consulted: null },
      });
    for (const [i, childId] of childIds.entries()) {
      for (const { purpose, c: k } of consentRows) {
        const giver = k.givenByAdult !== null ? (adultIds[k.givenByAdult] ?? null) : null;
        const link = c.children[i]?.parents.find((p) => p.adult === k.givenByAdult);
        await insertContactConsent(trx, ctx, {
          childId,
          purpose,
          decision: k.decision,
          givenByPersonId: giver,
          givenByKind:
            giver === null || !link
              ? null
              : link.parentalResponsibility
                ? 'parent-with-pr'
                : 'carer-without-pr',
          method: null,
          notSoughtReason: k.notSoughtReason,
          consulted: k.consulted,
          notes: k.notes,
        });
      }
    }

    if (c.referrer.agencyId !== null)
      for (const childId of childIds)
        await addInvolvement(trx, {
          childId,
          agencyId: c.referrer.agencyId,
          userId: c.referrer.userId,
          role: 'referrer',
          from: today,
          now: ctx.now,
        });

    const data = {
      reference: contactReference(contactId),
      thresholdCheck: c.thresholdCheck,
      familyNotSpokenToReason: c.familyNotSpokenToReason,
      parentDetailsUnknown: c.children
        .map((ch, i) => ({ childId: childIds[i] ?? '', reason: ch.parentDetailsUnknownReason }))
        .filter((x) => x.reason !== null),
      mashRequests: [],
    };
    const workItemId = await startWork(trx, ctx, {
      pack: c.pack,
      workflowId: WORKFLOW_IDS.contact,
      subjectType: 'contact',
      subjectId: contactId,
      childIds,
      level: c.referrerLevel,
      ownerAgencyId: c.ownerAgencyId,
      data,
    });
    const urgencyText = c.urgency === 'immediate' ? ', immediate concern' : '';
    for (const childId of childIds)
      await appendTimeline(trx, {
        childId,
        at: ctx.now,
        kind: 'contact.received',
        summary: `Contact ${data.reference} from ${c.referrer.name} (${c.referrer.agencyName}) by ${c.channel}: referrer's level ${c.referrerLevel}${urgencyText}; consent ${c.consent.decision}`,
        objectType: 'work-item',
        objectId: workItemId,
        actorUserId: actor.userId,
      });
    await recordEvent(trx, ctx.now, 'contact.received', {
      contactId,
      workItemId,
      ownerAgencyId: c.ownerAgencyId,
      urgency: c.urgency,
    });
    await appendAudit(trx, ctx, {
      action: 'contact.create',
      objectType: 'contact',
      objectId: contactId,
      outcome: 'allowed',
      // No personal data in audit reasons: the referrer's name is on the contact itself.
      reason: c.channel === 'telephone' ? 'telephone contact' : null,
    });
    const due = await trx
      .selectFrom('deadlines')
      .select('due')
      .where('work_item_id', '=', workItemId)
      .where('timescale_id', '=', TIMESCALE_IDS.referralDecision)
      .executeTakeFirst();
    const workflow = c.pack.workflows.get(WORKFLOW_IDS.contact);
    const state = workflow?.states.find((s) => s.id === workflow.initial);
    const receipt: ContactReceipt = {
      workItemId,
      contactId,
      reference: data.reference,
      packId: c.pack.id,
      packVersion: c.pack.version,
      state: state?.id ?? '',
      stateName: state?.name ?? '',
      receivedAt: ctx.now,
      channel: c.channel,
      urgency: c.urgency,
      referrerLevel: c.referrerLevel,
      childIds,
      people,
      decisionDue: due?.due ?? null,
      phoneNow: c.phoneNow,
    };
    return receipt;
  });
}

function adultRole(c: ContactToInsert, index: number): string {
  const rels = c.children.flatMap((ch) => ch.parents.filter((p) => p.adult === index));
  if (rels.some((p) => parentRelationships.includes(p.relationship))) return 'parent';
  if (rels.some((p) => p.relationship === 'carer' || p.relationship === 'step-parent'))
    return 'carer';
  return 'other-adult';
}

async function personFor(
  trx: Transaction<Database>,
  ctx: RequestContext,
  p: PersonInput,
  kind: 'child' | 'adult',
): Promise<{ id: string; name: string }> {
  if ('existingId' in p) {
    const row = await trx
      .selectFrom('people')
      .select(['id', 'given_name', 'family_name'])
      .where('id', '=', p.existingId)
      .executeTakeFirst();
    if (!row)
      throw new BatonError('BATON_NOT_FOUND', { message: 'There is no person with that id.' });
    await recordPhone(trx, ctx, row.id, p.phone);
    return { id: row.id, name: `${row.given_name} ${row.family_name}` };
  }
  const id = await insertPerson(trx, ctx, { ...p.person, kind });
  return { id, name: `${p.person.givenName.trim()} ${p.person.familyName.trim()}` };
}

/** One row in the consent ledger, with its timeline entry (inside the caller's transaction). */
export async function insertContactConsent(
  db: Db,
  ctx: RequestContext,
  r: {
    childId: string;
    purpose: ConsentPurpose;
    decision: string;
    givenByPersonId: string | null;
    givenByKind: string | null;
    method: string | null;
    notSoughtReason: string | null;
    consulted: string | null;
    notes: string | null;
  },
): Promise<void> {
  await db
    .insertInto('consents')
    .values({
      id: randomUUID(),
      child_id: r.childId,
      purpose: r.purpose,
      decision: r.decision,
      given_by_person_id: r.givenByPersonId,
      given_by_kind: r.givenByKind,
      method: r.method,
      document_ref: null,
      scope: '[]',
      recorded_on: londonDay(ctx.now),
      expires_on: null,
      not_sought_reason: r.notSoughtReason,
      consulted: r.consulted,
      notes: r.notes,
      recorded_by: ctx.actor?.userId ?? '',
      created_at: ctx.now,
    })
    .execute();
  await appendTimeline(db, {
    childId: r.childId,
    at: ctx.now,
    kind: 'consent.recorded',
    summary: `Consent (${r.purpose}): ${r.decision}${r.notSoughtReason ? ` (${r.notSoughtReason})` : ''}`,
    objectType: 'consent',
    actorUserId: ctx.actor?.userId ?? null,
  });
}
