/**
 * The person record (issue 3, "Records"): read a person, add a child or adult, and relate an
 * adult to a child. Every read and write is access-checked (through `authorisePerson`), audited,
 * and put on the child's timeline in the same transaction. Corrections are in
 * person-update-repository.ts; intake search in people-search-repository.ts.
 */
import { withTransaction } from '../db/unit-of-work.js';
import type { Kysely, Transaction } from 'kysely';
import { decideChildAccess, type Actor } from '../../core/access/index.js';
import { BatonError, isBatonError, type ErrorDetail } from '../../core/errors/error-catalogue.js';
import {
  adultRelationships,
  ageInYears,
  isChild,
  validateDateOfBirth,
  type AdultRelationship,
  type ChildDefinition,
} from '../../core/people/index.js';
import type { Database, PersonTable } from '../db/index.js';
import { appendAudit, refuse } from './audit-repository.js';
import { addInvolvement, appendTimeline } from './child-access.js';
import {
  insertPerson,
  insertRelationship,
  validateNewPerson,
  type NewPerson,
} from './people-repository.js';
import { authorisePerson } from './person-access.js';
import { detailOf, type PersonDetail } from './person-detail.js';
import type { RequestContext } from './request-context.js';
import { londonDay } from '../../core/calendar/index.js';

type PersonRow = PersonTable;

const today = (ctx: RequestContext): string => londonDay(ctx.now);
const fullName = (p: { given_name: string; family_name: string }): string =>
  `${p.given_name} ${p.family_name}`;
const blank = (v: string | undefined): boolean => v === undefined || v.trim() === '';

// ---------------------------------------------------------------------------------------------
// Reading a person
// ---------------------------------------------------------------------------------------------

/** Follow `merged_into` to the record a merged person now lives in (a few hops at most). */
async function resolveMerged(db: Kysely<Database>, id: string): Promise<string> {
  let current = id;
  for (let hop = 0; hop < 20; hop++) {
    const row = await db
      .selectFrom('people')
      .select('merged_into')
      .where('id', '=', current)
      .executeTakeFirst();
    if (row?.merged_into == null) return current;
    current = row.merged_into;
  }
  return current;
}

/**
 * Read a person. A merged record answers with the record it was merged into, saying so in
 * `mergedFrom`. Access is checked on the record shown and the read is audited.
 */
export async function getPerson(
  db: Kysely<Database>,
  ctx: RequestContext,
  def: ChildDefinition,
  id: string,
): Promise<PersonDetail> {
  const shown = await resolveMerged(db, id);
  const { actor, row } = await authorisePerson(db, ctx, shown, 'read', 'person.read');
  await appendAudit(db, ctx, {
    action: 'person.read',
    objectType: row.kind,
    objectId: shown,
    outcome: 'allowed',
    reason: shown === id ? null : `asked for merged record ${id}`,
  });
  return detailOf(db, actor, shown, ctx, def, shown === id ? null : id);
}

// ---------------------------------------------------------------------------------------------
// Adding a person
// ---------------------------------------------------------------------------------------------

/**
 * Validate a new person against the identifier rules and the deployment pack's definition of a
 * child: a child needs a date of birth (or, unborn, an expected date) that makes them a child
 * under the pack. Throws BATON_VALIDATION listing every problem.
 */
export function validatePersonForPack(
  p: NewPerson,
  day: string,
  def: ChildDefinition,
  path = '',
): NewPerson {
  const at = (f: string) => (path ? `${path}.${f}` : f);
  const details: ErrorDetail[] = [];
  let valid: NewPerson = p;
  try {
    valid = validateNewPerson(p, day, path);
  } catch (e) {
    if (!isBatonError(e) || e.code !== 'BATON_VALIDATION') throw e;
    details.push(...e.details);
  }
  const flagged = new Set(details.map((d) => d.path));
  if (p.kind === 'child' && !flagged.has(at('dateOfBirth')) && !flagged.has(at('expectedDate'))) {
    const dob = blank(p.dateOfBirth) ? undefined : p.dateOfBirth?.trim();
    const expected = blank(p.expectedDate) ? undefined : p.expectedDate?.trim();
    if (dob === undefined && expected === undefined) {
      details.push({
        path: at('dateOfBirth'),
        message:
          'Enter the child’s date of birth, or the expected date if the baby is not born yet',
      });
    } else if (dob !== undefined && validateDateOfBirth(dob, day).ok) {
      const disabled = p.disabled === true;
      if (!isChild({ dateOfBirth: dob, disabled }, day, def)) {
        const limit =
          disabled && def.disabledUnderAge !== undefined
            ? Math.max(def.disabledUnderAge, def.underAge)
            : def.underAge;
        const extended =
          def.disabledUnderAge !== undefined && !disabled
            ? ` (${String(def.disabledUnderAge)} for a disabled young person)`
            : '';
        details.push({
          path: at('dateOfBirth'),
          message: `This person is ${String(ageInYears(dob, day))}: the local guidance counts someone as a child until they are ${String(limit)}${extended}. Check the date of birth, or add them as an adult`,
        });
      }
    } else if (expected !== undefined && !def.includesUnborn) {
      details.push({
        path: at('expectedDate'),
        message: 'The local guidance does not record unborn children: add the baby once born',
      });
    }
  }
  if (details.length > 0) throw new BatonError('BATON_VALIDATION', { details });
  return valid;
}

/** May this actor add people? Those who would be allowed to write once involved with a child. */
function mayCreate(actor: Actor) {
  return decideChildAccess(actor, 'involved', 'write');
}

/** Insert a validated person; a child gets the creator as involved, and a timeline entry. */
async function insertWithInvolvement(
  trx: Transaction<Database>,
  ctx: RequestContext,
  actor: Actor,
  p: NewPerson,
): Promise<string> {
  const id = await insertPerson(trx, ctx, p);
  if (p.kind === 'child') {
    // The creator's agency keeps access to the child it recorded (involvement drives access).
    await addInvolvement(trx, {
      childId: id,
      agencyId: actor.agencyId,
      userId: actor.userId,
      role: 'practitioner',
      from: today(ctx),
      now: ctx.now,
    });
    await appendTimeline(trx, {
      childId: id,
      at: ctx.now,
      kind: 'person.created',
      summary: `Record created by ${actor.displayName}`,
      objectType: 'child',
      objectId: id,
      actorUserId: actor.userId,
    });
  }
  await appendAudit(trx, ctx, {
    action: 'person.create',
    objectType: p.kind,
    objectId: id,
    outcome: 'allowed',
  });
  return id;
}

/** Add a child (born or unborn) or an adult, in one transaction; nothing is half-written. */
export async function createPerson(
  db: Kysely<Database>,
  ctx: RequestContext,
  def: ChildDefinition,
  person: NewPerson,
): Promise<PersonDetail> {
  const actor = ctx.actor;
  if (!actor) throw new BatonError('BATON_NOT_SIGNED_IN');
  const allowed = mayCreate(actor);
  if (!allowed.allowed)
    throw await refuse(db, ctx, {
      action: 'person.create',
      objectType: 'person',
      reason: allowed.reason,
    });
  const valid = validatePersonForPack(person, today(ctx), def);
  const id = await withTransaction(db, (trx) => insertWithInvolvement(trx, ctx, actor, valid));
  return detailOf(db, actor, id, ctx, def, null);
}

// ---------------------------------------------------------------------------------------------
// Relationships
// ---------------------------------------------------------------------------------------------

/** What an adult is to a child: the shared list in the core (`adultRelationships`). */
export const relationshipKinds = adultRelationships;
/** One of `relationshipKinds`. */
export type RelationshipKind = AdultRelationship;

export interface NewRelationship {
  /** An existing person… */
  personId?: string | undefined;
  /** …or a new one, added in the same transaction. */
  person?: NewPerson | undefined;
  relationship: RelationshipKind;
  parentalResponsibility: boolean;
  livesWithChild: boolean;
}

const RELATIONSHIP_TEXT: Record<RelationshipKind, string> = {
  mother: 'Mother',
  father: 'Father',
  parent: 'Parent',
  'step-parent': 'Step-parent',
  carer: 'Carer',
  grandparent: 'Grandparent',
  'other-relative': 'Other relative',
  other: 'Other person',
};

/**
 * Relate a person to a child: parent, carer or other; with or without parental responsibility;
 * living with the child or not (Stockport protocol: "details of both parents and carers for the
 * child, whether they reside at the same address"). Needs write access to the child and read
 * access to an existing person. Answers with the child, relationships included.
 */
export async function addRelationship(
  db: Kysely<Database>,
  ctx: RequestContext,
  def: ChildDefinition,
  childId: string,
  r: NewRelationship,
): Promise<PersonDetail> {
  const { actor, row: child } = await authorisePerson(
    db,
    ctx,
    childId,
    'write',
    'relationship.create',
  );
  const details: ErrorDetail[] = [];
  if (child.kind !== 'child')
    details.push({ path: 'id', message: 'Relationships are recorded from the child’s record' });
  if (child.merged_into !== null)
    throw new BatonError('BATON_STALE_EDIT', {
      message:
        'This child’s record was merged into another. Add the relationship on the record it was merged into.',
      extra: { mergedInto: child.merged_into },
    });
  if ((r.personId === undefined) === (r.person === undefined))
    details.push({
      path: 'personId',
      message: 'Give either personId (someone already recorded) or person (someone new)',
    });
  if (r.personId !== undefined && r.personId === childId)
    details.push({ path: 'personId', message: 'A child cannot be related to themselves' });
  if (details.length > 0) throw new BatonError('BATON_VALIDATION', { details });

  let other: PersonRow | null = null;
  if (r.personId !== undefined) {
    other = (await authorisePerson(db, ctx, r.personId, 'read', 'relationship.create')).row;
    if (other.merged_into !== null)
      throw new BatonError('BATON_STALE_EDIT', {
        message:
          'That person’s record was merged into another. Relate the child to the record it was merged into.',
        extra: { mergedInto: other.merged_into },
      });
    const existing = await db
      .selectFrom('relationships')
      .select('id')
      .where('child_id', '=', childId)
      .where('person_id', '=', r.personId)
      .executeTakeFirst();
    if (existing)
      throw new BatonError('BATON_VALIDATION', {
        details: [{ path: 'personId', message: 'This person is already related to the child' }],
      });
  }
  const newPerson =
    r.person === undefined ? undefined : validatePersonForPack(r.person, today(ctx), def, 'person');

  await withTransaction(db, async (trx) => {
    const personId =
      other?.id ?? (newPerson ? await insertWithInvolvement(trx, ctx, actor, newPerson) : '');
    const name = other
      ? fullName(other)
      : `${newPerson?.givenName ?? ''} ${newPerson?.familyName ?? ''}`;
    const relationshipId = await insertRelationship(trx, ctx, {
      childId,
      personId,
      relationship: r.relationship,
      parentalResponsibility: r.parentalResponsibility,
      livesWithChild: r.livesWithChild,
    });
    const facts = [
      r.parentalResponsibility ? 'has parental responsibility' : 'no parental responsibility',
      r.livesWithChild ? 'lives with the child' : 'does not live with the child',
    ];
    await appendTimeline(trx, {
      childId,
      at: ctx.now,
      kind: 'relationship.added',
      summary: `${RELATIONSHIP_TEXT[r.relationship]} added by ${actor.displayName}: ${name} (${facts.join('; ')})`,
      objectType: 'relationship',
      objectId: relationshipId,
      actorUserId: actor.userId,
    });
    await appendAudit(trx, ctx, {
      action: 'relationship.create',
      objectType: 'child',
      objectId: childId,
      outcome: 'allowed',
      reason: `relationship ${relationshipId} to person ${personId}`,
    });
  });
  return detailOf(db, actor, childId, ctx, def, null);
}
