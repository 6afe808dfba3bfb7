/**
 * Correcting a person (issue 3, "Records"): optimistic versions, matching keys kept in step,
 * and the fields changed (never their values) on the timeline and in the audit.
 */
import { withTransaction } from '../db/unit-of-work.js';
import type { Kysely, Transaction } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { ChildDefinition } from '../../core/people/index.js';
import type { Database } from '../db/index.js';
import { appendAudit } from './audit-repository.js';
import { appendTimeline } from './child-access.js';
import {
  addMissingKeys,
  censusColumns,
  keysOf,
  loadPerson,
  validateNewPerson,
  type NewPerson,
  type PersonView,
} from './people-repository.js';
import { authorisePerson } from './person-access.js';
import { detailOf, type PersonDetail } from './person-detail.js';
import type { RequestContext } from './request-context.js';
import { londonDay } from '../../core/calendar/index.js';

type Db = Kysely<Database> | Transaction<Database>;

const today = (ctx: RequestContext): string => londonDay(ctx.now);
const fullName = (p: { given_name: string; family_name: string }): string =>
  `${p.given_name} ${p.family_name}`;

/** Fields that can be changed; null clears an optional field. */
export interface PersonPatch {
  givenName?: string | undefined;
  familyName?: string | undefined;
  otherNames?: string | null | undefined;
  dateOfBirth?: string | null | undefined;
  expectedDate?: string | null | undefined;
  gender?: string | null | undefined;
  nhsNumber?: string | null | undefined;
  upn?: string | null | undefined;
  localId?: string | null | undefined;
  postcode?: string | null | undefined;
  address?: string | null | undefined;
  phone?: string | null | undefined;
  language?: string | null | undefined;
  communicationNeeds?: string[] | undefined;
  disabled?: boolean | undefined;
  disabilityDetails?: string | null | undefined;
  sex?: string | null | undefined;
  ethnicity?: string | null | undefined;
  disabilityCodes?: string[] | null | undefined;
  formerUpn?: string | null | undefined;
  upnUnknownReason?: string | null | undefined;
  dateOfDeath?: string | null | undefined;
}

const PATCH_LABELS: Record<keyof PersonPatch, string> = {
  givenName: 'given name',
  familyName: 'family name',
  otherNames: 'other names',
  dateOfBirth: 'date of birth',
  expectedDate: 'expected date',
  gender: 'gender',
  nhsNumber: 'NHS number',
  upn: 'unique pupil number',
  localId: 'local id',
  postcode: 'postcode',
  address: 'address',
  phone: 'phone number',
  language: 'language',
  communicationNeeds: 'communication needs',
  disabled: 'disability',
  disabilityDetails: 'disability details',
  sex: 'sex',
  ethnicity: 'ethnicity',
  disabilityCodes: 'disabilities (DfE codes)',
  formerUpn: 'former unique pupil number',
  upnUnknownReason: 'reason the unique pupil number is not known',
  dateOfDeath: 'date of death',
};

const orUndefined = <T>(v: T | null): T | undefined => v ?? undefined;

function asNewPerson(p: PersonView): NewPerson {
  return {
    kind: p.kind,
    givenName: p.givenName,
    familyName: p.familyName,
    otherNames: orUndefined(p.otherNames),
    dateOfBirth: orUndefined(p.dateOfBirth),
    expectedDate: orUndefined(p.expectedDate),
    gender: orUndefined(p.gender),
    nhsNumber: orUndefined(p.nhsNumber),
    upn: orUndefined(p.upn),
    localId: orUndefined(p.localId),
    postcode: orUndefined(p.postcode),
    address: orUndefined(p.address),
    phone: orUndefined(p.phone),
    language: orUndefined(p.language),
    communicationNeeds: p.communicationNeeds,
    disabled: p.disabled,
    disabilityDetails: orUndefined(p.disabilityDetails),
    sex: orUndefined(p.sex),
    ethnicity: orUndefined(p.ethnicity),
    disabilityCodes: orUndefined(p.disabilityCodes),
    formerUpn: orUndefined(p.formerUpn),
    upnUnknownReason: orUndefined(p.upnUnknownReason),
    dateOfDeath: orUndefined(p.dateOfDeath),
  };
}

/** Children whose timeline should hear about a change to this person. */
async function timelineChildren(db: Db, row: { id: string; kind: string }): Promise<string[]> {
  if (row.kind === 'child') return [row.id];
  const rows = await db
    .selectFrom('relationships')
    .select('child_id')
    .where('person_id', '=', row.id)
    .execute();
  return [...new Set(rows.map((r) => r.child_id))];
}

/**
 * Correct a person's details. `version` must be the one read: a stale edit gets
 * BATON_STALE_EDIT (409) and changes nothing. Recording a date of birth on an unborn child
 * clears the expected date (the baby is born). The timeline and audit name the fields changed,
 * never their values.
 */
export async function updatePerson(
  db: Kysely<Database>,
  ctx: RequestContext,
  def: ChildDefinition,
  id: string,
  version: number,
  patch: PersonPatch,
): Promise<PersonDetail> {
  const { actor, row } = await authorisePerson(db, ctx, id, 'write', 'person.update');
  if (row.merged_into !== null)
    throw new BatonError('BATON_STALE_EDIT', {
      message:
        'This record was merged into another, so your change was not saved. Open the record it was merged into and make your change there.',
      extra: { mergedInto: row.merged_into },
    });
  const current = await loadPerson(db, id);
  if (!current) throw new BatonError('BATON_NOT_FOUND');
  const changes = Object.fromEntries(
    Object.entries(patch).filter(([, v]) => v !== undefined),
  ) as PersonPatch;
  if (
    changes.dateOfBirth !== undefined &&
    changes.dateOfBirth !== null &&
    changes.expectedDate === undefined
  )
    changes.expectedDate = null;
  const before = asNewPerson(current);
  const merged: NewPerson = { ...before };
  for (const [k, v] of Object.entries(changes) as [keyof PersonPatch, unknown][])
    (merged as unknown as Record<string, unknown>)[k] = v ?? undefined;
  // An expected date already passed is not re-checked unless it is being changed.
  const checkExpected = changes.expectedDate !== undefined;
  const valid = validateNewPerson(
    { ...merged, expectedDate: checkExpected ? merged.expectedDate : undefined },
    today(ctx),
  );
  const next: NewPerson = { ...valid, expectedDate: merged.expectedDate };
  const changed = (Object.keys(changes) as (keyof PersonPatch)[]).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(next[k]),
  );
  await withTransaction(db, async (trx) => {
    const result = await trx
      .updateTable('people')
      .set({
        given_name: next.givenName,
        family_name: next.familyName,
        other_names: next.otherNames ?? null,
        date_of_birth: next.dateOfBirth ?? null,
        expected_date: next.expectedDate ?? null,
        gender: next.gender ?? null,
        nhs_number: next.nhsNumber ?? null,
        upn: next.upn ?? null,
        local_id: next.localId ?? null,
        postcode: next.postcode ?? null,
        address: next.address ?? null,
        phone: next.phone ?? null,
        language: next.language ?? null,
        communication_needs: JSON.stringify(next.communicationNeeds ?? []),
        disabled: next.disabled === true ? 1 : 0,
        disability_details: next.disabilityDetails ?? null,
        ...censusColumns(next),
        version: version + 1,
      })
      .where('id', '=', id)
      .where('version', '=', version)
      .where('merged_into', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new BatonError('BATON_STALE_EDIT');
    await replaceKeys(trx, id, before, next);
    const labels = changed.map((k) => PATCH_LABELS[k]);
    for (const childId of await timelineChildren(trx, row)) {
      await appendTimeline(trx, {
        childId,
        at: ctx.now,
        kind: 'person.updated',
        summary: `${childId === id ? 'Details' : `Details of ${fullName(row)}`} updated by ${actor.displayName}: ${labels.length > 0 ? labels.join(', ') : 'no change'}`,
        objectType: row.kind,
        objectId: id,
        actorUserId: actor.userId,
      });
    }
    await appendAudit(trx, ctx, {
      action: 'person.update',
      objectType: row.kind,
      objectId: id,
      outcome: 'allowed',
      reason: `fields: ${changed.join(', ') || 'none'}`,
    });
  });
  return detailOf(db, actor, id, ctx, def, null);
}

/**
 * Swap the keys the old details gave for the keys the new ones give. Keys that came with a merged
 * duplicate stay, so a merge can still be undone exactly.
 */
async function replaceKeys(db: Db, id: string, before: NewPerson, after: NewPerson): Promise<void> {
  const now = new Set(keysOf(after));
  const gone = keysOf(before).filter((k) => !now.has(k));
  if (gone.length > 0)
    await db
      .deleteFrom('person_keys')
      .where('person_id', '=', id)
      .where('key', 'in', gone)
      .execute();
  await addMissingKeys(db, id, after);
}
