/**
 * Use-cases for the front door: make a contact (checked whole, idempotent, written in one
 * transaction), pre-fill one from a levels-of-need check, and decide on one through the pack's
 * `contact` workflow. One call per route, shared by the JSON API and the pages.
 */
import type { Kysely } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import { WORKFLOW_IDS, type LevelNumber, type ResolvedPack } from '../../core/policy/index.js';
import type { Database } from '../db/index.js';
import { findPack } from '../policy/pack-views.js';
import {
  authoriseChild,
  authoriseContactCreation,
  childrensSocialCareAgencyId,
  getCheck,
  getContact,
  insertContact,
  isFrontDoor,
  requestTransition,
  requireContact,
  userWithAgency,
  type ContactReceipt,
  type ContactToInsert,
  type ContactUrgency,
  type ContactView,
  type PersonInput,
  type PhoneNowStep,
  type RequestContext,
  type StoredCheck,
  type ThresholdSnapshot,
  type TransitionOutcome,
} from '../repositories/index.js';
import { validateContact, type ContactRequest, type PersonRef } from './contact-validation.js';
import { contactBody } from './contact-schema.js';
import { londonDay } from '../../core/calendar/index.js';

export {
  adultRelationships,
  consultedRoles as consentedBy,
  contactChannels,
  contactUrgencies,
  parentRelationships,
} from '../repositories/contact-repository.js';
export { notSoughtReasons } from '../repositories/consent-repository.js';

export type { ContactRequest } from './contact-validation.js';

const blank = (s: string | undefined): boolean => s === undefined || s.trim() === '';
const trimmed = (s: string | undefined): string | null => (blank(s) ? null : (s ?? '').trim());

/**
 * Make a contact to the front door, in one unit of work. Retries are made safe by the caller's
 * key (`once` in idempotency.ts: the API's Idempotency-Key, the page's form token).
 */
export async function createContact(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  packId: string,
  req: ContactRequest,
): Promise<ContactReceipt> {
  const actor = await authoriseContactCreation(
    db,
    ctx,
    req.referrer !== undefined || req.channel === 'telephone',
  );
  const parsed = contactBody.safeParse(req);
  if (!parsed.success)
    throw new BatonError('BATON_VALIDATION', {
      details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });

  const details = validateContact(req, londonDay(ctx.now));
  const check =
    req.thresholdCheckId !== undefined ? await getCheck(db, ctx, req.thresholdCheckId) : null;
  const concerns = trimmed(req.concerns) ?? (check ? concernsFromCheck(check, packs) : null);
  if (concerns === null)
    details.push({ path: 'concerns', message: 'Describe your concerns about the children' });
  const referrerLevel = req.referrerLevel ?? check?.judgement?.level ?? check?.suggestedLevel;
  if (referrerLevel === undefined)
    details.push({ path: 'referrerLevel', message: 'Select the level of need you judge it to be' });
  if (details.length > 0 || concerns === null || referrerLevel === undefined)
    throw new BatonError('BATON_VALIDATION', { details });

  await authoriseLinkedPeople(db, ctx, req);
  const pack = findPack(packs, packId);
  if (!pack.workflows.has(WORKFLOW_IDS.contact))
    throw new BatonError('BATON_NOT_FOUND', {
      message: `The policy pack "${pack.id}" has no contact workflow.`,
    });
  const referrer = await resolveReferrer(db, actor.userId, req.referrer);
  const keys = req.adults.map((a) => a.key);
  const adultIndex = (key: string | undefined): number | null =>
    key === undefined ? null : keys.indexOf(key);
  const toInsert: ContactToInsert = {
    pack,
    ownerAgencyId: await childrensSocialCareAgencyId(db),
    referrer,
    channel: req.channel,
    concerns,
    thresholdCheck: check ? snapshot(check) : null,
    referrerLevel,
    urgency: req.urgency,
    familySpokenTo: req.familySpokenTo,
    familyNotSpokenToReason: req.familySpokenTo ? null : trimmed(req.familyNotSpokenToReason),
    consent: {
      decision: req.consent.decision,
      givenByAdult: adultIndex(req.consent.givenBy),
      notSoughtReason:
        req.consent.decision === 'not-sought' ? (req.consent.notSoughtReason ?? null) : null,
      consulted: req.consent.decision === 'given' ? null : (req.consent.consulted ?? null),
      notes: trimmed(req.consent.notes),
    },
    earlyHelpConsent: req.earlyHelpConsent
      ? {
          decision: req.earlyHelpConsent.decision,
          givenByAdult: adultIndex(req.earlyHelpConsent.givenBy),
          notes: trimmed(req.earlyHelpConsent.notes),
        }
      : null,
    adults: req.adults.map(adultInput),
    children: req.children.map((ch) => ({
      who: personInput(ch),
      parents: ch.parents.map((p) => ({ ...p, adult: keys.indexOf(p.adult) })),
      parentDetailsUnknownReason: trimmed(ch.parentDetailsUnknownReason),
    })),
    phoneNow: req.urgency === 'immediate' ? phoneNow(pack) : [],
  };
  return insertContact(db, ctx, toInsert);
}

const personInput = (p: PersonRef): PersonInput =>
  p.personId !== undefined
    ? { existingId: p.personId }
    : { person: { ...(p.person ?? { givenName: '', familyName: '' }), kind: 'adult' } };

/** An adult with the number the contact gives; without one, a number already held is kept. */
function adultInput(a: ContactRequest['adults'][number]): PersonInput {
  const phone = trimmed(a.phone) ?? undefined;
  const input = personInput(a);
  return 'existingId' in input ? { ...input, phone } : { person: { ...input.person, phone } };
}

/** Linking an existing child needs write access to their record; an existing adult must be related. */
async function authoriseLinkedPeople(
  db: Kysely<Database>,
  ctx: RequestContext,
  req: ContactRequest,
): Promise<void> {
  const childIds = req.children.flatMap((c) => (c.personId !== undefined ? [c.personId] : []));
  for (const id of childIds) {
    await authoriseChild(db, ctx, id, 'write', { action: 'contact.create', objectId: id });
    const kind = await db
      .selectFrom('people')
      .select('kind')
      .where('id', '=', id)
      .executeTakeFirst();
    if (kind?.kind !== 'child')
      throw new BatonError('BATON_VALIDATION', {
        details: [{ path: 'children', message: `The person ${id} is not a child` }],
      });
  }
  for (const a of req.adults) {
    if (a.personId === undefined) continue;
    const person = await db
      .selectFrom('people')
      .select('kind')
      .where('id', '=', a.personId)
      .executeTakeFirst();
    if (!person)
      throw new BatonError('BATON_NOT_FOUND', { message: `There is no person ${a.personId}.` });
    if (isFrontDoor(ctx.actor)) continue;
    // A partner links an adult only through a child they may already see.
    const related = await db
      .selectFrom('relationships')
      .select('child_id')
      .where('person_id', '=', a.personId)
      .execute();
    const linked = related.filter((r) => childIds.includes(r.child_id));
    if (linked.length === 0)
      throw new BatonError('BATON_FORBIDDEN', {
        message:
          'You can link an existing adult only through a child in this contact whose record you can see. Enter their details instead.',
      });
  }
}

async function resolveReferrer(
  db: Kysely<Database>,
  actorId: string,
  r: ContactRequest['referrer'],
): Promise<ContactToInsert['referrer']> {
  const userId = r === undefined ? actorId : r.userId;
  if (userId !== undefined) {
    const u = await userWithAgency(db, userId);
    if (!u)
      throw new BatonError('BATON_VALIDATION', {
        details: [{ path: 'referrer.userId', message: 'There is no active user with that id' }],
      });
    return {
      userId: u.id,
      name: u.name,
      agencyId: u.agencyId,
      agencyName: u.agencyName,
      phone: trimmed(r?.phone),
    };
  }
  return {
    userId: null,
    name: (r?.name ?? '').trim(),
    agencyId: null,
    agencyName: (r?.agencyName ?? '').trim(),
    phone: trimmed(r?.phone),
  };
}

function snapshot(check: StoredCheck): ThresholdSnapshot {
  return {
    id: check.id,
    packId: check.packId,
    packVersion: check.packVersion,
    suggestedLevel: check.suggestedLevel,
    judgedLevel: check.judgement?.level ?? null,
    reasons: check.result.reasons.map((r) => ({
      text: r.text,
      level: r.level,
      citation: r.citation,
    })),
  };
}

/** The concerns a check already states, so nothing is typed twice. */
export function concernsFromCheck(
  check: StoredCheck,
  packs: ReadonlyMap<string, ResolvedPack>,
): string {
  const pack = packs.get(check.packId);
  const lines = [
    `From a levels-of-need check (${pack?.authority ?? check.packId} guidance, version ${check.packVersion}): suggested level ${check.suggestedLevel}${check.judgement ? `; my judgement: level ${check.judgement.level}${check.judgement.reason ? ` (${check.judgement.reason})` : ''}` : ''}.`,
    ...(check.immediateDanger ? ['The child is in immediate danger.'] : []),
    ...check.result.reasons.map((r) => `- ${r.text} (level ${r.level})`),
  ];
  return lines.join('\n');
}

/**
 * Who a contact made by the signed-in user comes from, as it will be recorded (their name and
 * agency), for the form to show for checking rather than ask (issue 14 §3). Null when the user is
 * not an active one.
 */
export async function signedInReferrer(
  db: Kysely<Database>,
  ctx: RequestContext,
): Promise<{ name: string; agencyName: string } | null> {
  if (!ctx.actor) return null;
  const u = await userWithAgency(db, ctx.actor.userId);
  return u ? { name: u.name, agencyName: u.agencyName } : null;
}

/** What the contact form starts with when it begins from a recorded check. */
export async function contactPrefill(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  thresholdCheckId: string,
): Promise<{
  thresholdCheckId: string;
  concerns: string;
  referrerLevel: LevelNumber;
  urgency: ContactUrgency | null;
  suggestedLevel: LevelNumber;
}> {
  const check = await getCheck(db, ctx, thresholdCheckId);
  return {
    thresholdCheckId: check.id,
    concerns: concernsFromCheck(check, packs),
    referrerLevel: check.judgement?.level ?? check.suggestedLevel,
    urgency: check.immediateDanger ? 'immediate' : null,
    suggestedLevel: check.suggestedLevel,
  };
}

/** The pack's immediate-danger steps (999 first, from the national pack), with phone numbers. */
export function phoneNow(pack: ResolvedPack): PhoneNowStep[] {
  return pack.immediateDanger.map((step) => {
    const contact = step.contact !== undefined ? pack.contactsById.get(step.contact) : undefined;
    return {
      text: step.text,
      contact: contact
        ? {
            name: contact.name,
            phones: contact.phones.map((p) => ({
              number: p.number,
              ...(p.label !== undefined ? { label: p.label } : {}),
              ...(p.option !== undefined ? { option: p.option } : {}),
              ...(p.hours !== undefined ? { hours: p.hours } : {}),
            })),
          }
        : null,
      citation: step.citation,
    };
  });
}

export interface ContactDecision {
  transitionId: string;
  rationale?: string | undefined;
  version: number;
  /** When the decision was made (default now); its deadlines count from here. */
  occurredAt?: string | undefined;
  [field: string]: unknown;
}

/**
 * Decide on a contact with one of the pack's outcomes. A team manager's decision applies; a
 * front-door worker's waits for a manager to authorise it (the pack says who authorises).
 */
export async function decideOnContact(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  workItemId: string,
  decision: ContactDecision,
): Promise<{
  status: 'applied' | 'awaiting-authorisation';
  transitionRecordId: string;
  contact: ContactView;
  occurredAt: string;
  citations: TransitionOutcome['citations'];
}> {
  await requireContact(db, packs, workItemId);
  const { transitionId, version, occurredAt, ...payload } = decision;
  const outcome = await requestTransition(db, ctx, packs, {
    workItemId,
    transitionId,
    payload,
    expectedVersion: version,
    occurredAt,
  });
  return {
    status: outcome.status,
    transitionRecordId: outcome.transitionRecordId,
    contact: await getContact(db, ctx, packs, workItemId),
    occurredAt: outcome.occurredAt,
    citations: outcome.citations,
  };
}
