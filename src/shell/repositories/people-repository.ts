/**
 * People on children's records: children (including the unborn) and adults, with identifiers
 * validated before anything is written, and matching keys stored so intake search is indexable.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { BatonError, type ErrorDetail } from '../../core/errors/error-catalogue.js';
import {
  blockingKeys,
  normalisePostcode,
  parseIsoDate,
  phoneNumberProblem,
  validateDateOfBirth,
  validateNhsNumber,
  validatePhoneNumber,
  validateUpn,
} from '../../core/people/index.js';
import { DISABILITY, ETHNICITY, SEX, UPN_UNKNOWN, isCode } from '../../core/returns/index.js';
import type { Database } from '../db/index.js';
import { appendAudit } from './audit-repository.js';
import type { RequestContext } from './request-context.js';
import type { PersonView } from '../schemas/index.js';
import { londonDay } from '../../core/calendar/index.js';

export type { PersonView };

export const communicationNeeds = [
  'interpreter',
  'bsl',
  'easy-read',
  'large-print',
  'other',
] as const;

export interface NewPerson {
  kind: 'child' | 'adult';
  givenName: string;
  familyName: string;
  otherNames?: string | undefined;
  dateOfBirth?: string | undefined;
  /** An unborn child's expected date of delivery. */
  expectedDate?: string | undefined;
  gender?: string | undefined;
  nhsNumber?: string | undefined;
  upn?: string | undefined;
  localId?: string | undefined;
  postcode?: string | undefined;
  address?: string | undefined;
  /** A telephone number (core/people/phone-number.ts), kept as typed, tidied. */
  phone?: string | undefined;
  language?: string | undefined;
  communicationNeeds?: readonly string[] | undefined;
  disabled?: boolean | undefined;
  disabilityDetails?: string | undefined;
  /** Census items (issue 16): DfE codes from core/returns/code-sets.ts. */
  sex?: string | undefined;
  ethnicity?: string | undefined;
  disabilityCodes?: readonly string[] | undefined;
  formerUpn?: string | undefined;
  upnUnknownReason?: string | undefined;
  dateOfDeath?: string | undefined;
}

const blank = (v: string | undefined): boolean => v === undefined || v.trim() === '';

/** Validate and normalise a new person; throws BATON_VALIDATION listing every problem by field. */
export function validateNewPerson(p: NewPerson, today: string, path = ''): NewPerson {
  const details: ErrorDetail[] = [];
  const at = (f: string) => (path ? `${path}.${f}` : f);
  if (blank(p.givenName))
    details.push({
      path: at('givenName'),
      message: 'Enter a first name (or "Unborn" for an unborn baby)',
    });
  if (blank(p.familyName)) details.push({ path: at('familyName'), message: 'Enter a family name' });
  let nhs: string | undefined;
  if (!blank(p.nhsNumber)) {
    const r = validateNhsNumber(p.nhsNumber ?? '');
    if (r.ok) nhs = r.value;
    else
      details.push({
        path: at('nhsNumber'),
        message:
          r.reason === 'check-digit'
            ? 'NHS number is not valid: check the 10 digits (the last digit is a check digit)'
            : 'NHS number must be 10 digits, like 999 000 1235',
      });
  }
  let upn: string | undefined;
  if (!blank(p.upn)) {
    const r = validateUpn(p.upn ?? '');
    if (r.ok) upn = r.value;
    else
      details.push({
        path: at('upn'),
        message: 'Unique pupil number is not valid: it is 13 characters with a check letter first',
      });
  }
  if (!blank(p.dateOfBirth)) {
    const r = validateDateOfBirth(p.dateOfBirth ?? '', today);
    if (!r.ok) details.push({ path: at('dateOfBirth'), message: r.message });
  }
  if (!blank(p.expectedDate)) {
    if (p.kind !== 'child')
      details.push({
        path: at('expectedDate'),
        message: 'Only an unborn child has an expected date of delivery',
      });
    else if (!blank(p.dateOfBirth))
      details.push({
        path: at('expectedDate'),
        message: 'Give a date of birth or an expected date, not both',
      });
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(p.expectedDate ?? '') || (p.expectedDate ?? '') < today) {
      details.push({
        path: at('expectedDate'),
        message: 'Expected date must be a date from today on, like 2027-03-01',
      });
    }
  }
  let postcode: string | undefined;
  if (!blank(p.postcode)) {
    postcode = normalisePostcode(p.postcode ?? '') ?? undefined;
    if (postcode === undefined)
      details.push({ path: at('postcode'), message: 'Enter a real postcode, like SK1 3XE' });
  }
  let phone: string | undefined;
  if (!blank(p.phone)) {
    const r = validatePhoneNumber(p.phone ?? '');
    if (r.ok) phone = r.value;
    else details.push({ path: at('phone'), message: phoneNumberProblem(r.reason) });
  }
  for (const need of p.communicationNeeds ?? []) {
    if (!(communicationNeeds as readonly string[]).includes(need))
      details.push({
        path: at('communicationNeeds'),
        message: `Unknown communication need "${need}"`,
      });
  }
  details.push(...censusItemProblems(p, today, at));
  let formerUpn: string | undefined;
  if (!blank(p.formerUpn)) {
    const r = validateUpn(p.formerUpn ?? '');
    if (r.ok) formerUpn = r.value;
    else
      details.push({
        path: at('formerUpn'),
        message:
          'Former unique pupil number is not valid: it is 13 characters with a check letter first',
      });
  }
  if (details.length > 0) throw new BatonError('BATON_VALIDATION', { details });
  return {
    ...p,
    formerUpn,
    givenName: p.givenName.trim(),
    familyName: p.familyName.trim(),
    nhsNumber: nhs,
    upn,
    postcode,
    phone,
  };
}

/** Problems with the census items, by field (DfE codes; NONE alone; a death not in the future). */
function censusItemProblems(p: NewPerson, today: string, at: (f: string) => string): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const wrong = (field: string, message: string) => details.push({ path: at(field), message });
  if (!blank(p.sex) && !isCode(SEX, p.sex)) wrong('sex', 'Sex must be M, F or U');
  if (!blank(p.ethnicity) && !isCode(ETHNICITY, p.ethnicity))
    wrong('ethnicity', 'Choose an ethnicity from the DfE list');
  const codes = p.disabilityCodes ?? [];
  if (codes.some((c) => !isCode(DISABILITY, c)))
    wrong('disabilityCodes', 'Choose disabilities from the DfE list');
  else if (codes.includes('NONE') && codes.length > 1)
    wrong('disabilityCodes', 'Choose "No disability" or one or more disabilities, not both');
  if (!blank(p.upnUnknownReason) && !isCode(UPN_UNKNOWN, p.upnUnknownReason))
    wrong('upnUnknownReason', 'Choose why the unique pupil number is not known (UN1 to UN7)');
  if (!blank(p.upnUnknownReason) && !blank(p.upn))
    wrong('upnUnknownReason', 'Give a unique pupil number or why it is not known, not both');
  if (!blank(p.dateOfDeath)) {
    const d = p.dateOfDeath ?? '';
    if (parseIsoDate(d) === null || d > today)
      wrong('dateOfDeath', 'Date of death must be a real date, not in the future');
    else if (!blank(p.dateOfBirth) && d < (p.dateOfBirth ?? ''))
      wrong('dateOfDeath', 'Date of death must be on or after the date of birth');
  }
  return details;
}

/** The census columns of a person row. */
export function censusColumns(p: NewPerson) {
  return {
    sex: p.sex ?? null,
    ethnicity: p.ethnicity ?? null,
    disabilities: p.disabilityCodes === undefined ? null : JSON.stringify(p.disabilityCodes),
    former_upn: p.formerUpn ?? null,
    upn_unknown_reason: p.upnUnknownReason ?? null,
    date_of_death: p.dateOfDeath ?? null,
  };
}

/** Insert a validated person and their matching keys (inside the caller's transaction). */
export async function insertPerson(
  trx: Transaction<Database> | Kysely<Database>,
  ctx: RequestContext,
  person: NewPerson,
): Promise<string> {
  const actor = ctx.actor;
  if (!actor) throw new BatonError('BATON_NOT_SIGNED_IN');
  const p = validateNewPerson(person, londonDay(ctx.now));
  const id = randomUUID();
  await trx
    .insertInto('people')
    .values({
      id,
      kind: p.kind,
      given_name: p.givenName,
      family_name: p.familyName,
      other_names: p.otherNames ?? null,
      date_of_birth: p.dateOfBirth ?? null,
      expected_date: p.expectedDate ?? null,
      gender: p.gender ?? null,
      nhs_number: p.nhsNumber ?? null,
      upn: p.upn ?? null,
      local_id: p.localId ?? null,
      postcode: p.postcode ?? null,
      address: p.address ?? null,
      phone: p.phone ?? null,
      language: p.language ?? null,
      communication_needs: JSON.stringify(p.communicationNeeds ?? []),
      disabled: p.disabled === true ? 1 : 0,
      disability_details: p.disabilityDetails ?? null,
      ...censusColumns(p),
      merged_into: null,
      created_by: actor.userId,
      created_at: ctx.now,
      version: 1,
    })
    .execute();
  await writeKeys(trx, id, p);
  return id;
}

/** Store the person's blocking keys (see blocking-keys.ts in the core), replacing any it holds. */
export async function writeKeys(
  trx: Transaction<Database> | Kysely<Database>,
  id: string,
  p: NewPerson,
): Promise<void> {
  await trx.deleteFrom('person_keys').where('person_id', '=', id).execute();
  const keys = keysOf(p);
  if (keys.length > 0)
    await trx
      .insertInto('person_keys')
      .values(keys.map((key) => ({ person_id: id, key })))
      .execute();
}

/** The blocking keys a person's details give (sorted, no repeats). */
export function keysOf(p: NewPerson): string[] {
  return blockingKeys({
    givenName: p.givenName,
    familyName: p.familyName,
    dateOfBirth: p.dateOfBirth,
    nhsNumber: p.nhsNumber,
    postcode: p.postcode,
  });
}

/**
 * Add the blocking keys the person's details give that the person does not hold yet, keeping the
 * ones it holds (those a merged duplicate brought, or ones an earlier version of the keys gave).
 */
export async function addMissingKeys(
  trx: Transaction<Database> | Kysely<Database>,
  id: string,
  p: NewPerson,
): Promise<void> {
  const held = new Set(
    (await trx.selectFrom('person_keys').select('key').where('person_id', '=', id).execute()).map(
      (r) => r.key,
    ),
  );
  const missing = keysOf(p).filter((k) => !held.has(k));
  if (missing.length > 0)
    await trx
      .insertInto('person_keys')
      .values(missing.map((key) => ({ person_id: id, key })))
      .execute();
}

/**
 * Keep the telephone number a contact gives for a person already on record (inside the caller's
 * transaction, after the caller has authorised linking them). A blank number changes nothing, so
 * a contact that does not know the number never erases one held; a different number replaces it,
 * with the version moved on (an edit open on the old one is then stale) and the field named in
 * the audit, never its value, as `updatePerson` does.
 */
export async function recordPhone(
  trx: Transaction<Database> | Kysely<Database>,
  ctx: RequestContext,
  personId: string,
  phone: string | undefined,
): Promise<void> {
  if (blank(phone)) return;
  const r = validatePhoneNumber(phone ?? '');
  if (!r.ok)
    throw new BatonError('BATON_VALIDATION', {
      details: [{ path: 'phone', message: phoneNumberProblem(r.reason) }],
    });
  const row = await trx
    .selectFrom('people')
    .select(['kind', 'phone'])
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!row || row.phone === r.value) return;
  await trx
    .updateTable('people')
    .set((eb) => ({ phone: r.value, version: eb('version', '+', 1) }))
    .where('id', '=', personId)
    .execute();
  await appendAudit(trx, ctx, {
    action: 'person.update',
    objectType: row.kind,
    objectId: personId,
    outcome: 'allowed',
    reason: 'fields: phone (from a contact)',
  });
}

/** Add a relationship between a child and an adult (parental responsibility, lives with). */
export async function insertRelationship(
  trx: Transaction<Database> | Kysely<Database>,
  ctx: RequestContext,
  r: {
    childId: string;
    personId: string;
    relationship: string;
    parentalResponsibility: boolean;
    livesWithChild: boolean;
  },
): Promise<string> {
  const id = randomUUID();
  await trx
    .insertInto('relationships')
    .values({
      id,
      child_id: r.childId,
      person_id: r.personId,
      relationship: r.relationship,
      parental_responsibility: r.parentalResponsibility ? 1 : 0,
      lives_with_child: r.livesWithChild ? 1 : 0,
      created_at: ctx.now,
    })
    .execute();
  return id;
}

/** A person as the API shows them. No access check here: callers authorise the child first. */
export async function loadPerson(db: Kysely<Database>, id: string): Promise<PersonView | null> {
  const r = await db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    kind: r.kind === 'adult' ? 'adult' : 'child',
    givenName: r.given_name,
    familyName: r.family_name,
    otherNames: r.other_names,
    dateOfBirth: r.date_of_birth,
    expectedDate: r.expected_date,
    gender: r.gender,
    nhsNumber: r.nhs_number,
    upn: r.upn,
    localId: r.local_id,
    postcode: r.postcode,
    address: r.address,
    phone: r.phone,
    language: r.language,
    communicationNeeds: JSON.parse(r.communication_needs) as string[],
    disabled: r.disabled === 1,
    disabilityDetails: r.disability_details,
    sex: r.sex,
    ethnicity: r.ethnicity,
    disabilityCodes: r.disabilities === null ? null : (JSON.parse(r.disabilities) as string[]),
    formerUpn: r.former_upn,
    upnUnknownReason: r.upn_unknown_reason,
    dateOfDeath: r.date_of_death,
    mergedInto: r.merged_into,
    version: r.version,
  };
}
