/**
 * A person as the person record shows them: their details, age under the deployment pack's
 * definition of a child, and the people they are related to. No access check or audit here:
 * the repositories that call `detailOf` do both.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../../core/access/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import { ageInYears, isChild, type ChildDefinition } from '../../core/people/index.js';
import type { Database } from '../db/index.js';
import { readableChildren } from './readable-children.js';
import { loadPerson, type PersonView } from './people-repository.js';
import type { RequestContext } from './request-context.js';
import type { PersonDetail, RelatedPerson } from '../schemas/index.js';
import { londonDay } from '../../core/calendar/index.js';

export type { PersonDetail, RelatedPerson };

type Db = Kysely<Database> | Transaction<Database>;

const today = (ctx: RequestContext): string => londonDay(ctx.now);

function ageOf(p: PersonView, day: string, def: ChildDefinition) {
  let ageYears: number | null = null;
  let countsAsChild = false;
  try {
    if (p.dateOfBirth !== null) ageYears = ageInYears(p.dateOfBirth, day);
    countsAsChild = isChild(
      {
        dateOfBirth: p.dateOfBirth ?? undefined,
        expectedDate: p.expectedDate ?? undefined,
        disabled: p.disabled,
      },
      day,
      def,
    );
  } catch {
    // A stored date that no longer parses (or an unborn past the expected date): no age shown.
  }
  return { ageYears, countsAsChild };
}

/** The person with age and relationships; no access check or audit here (callers do both). */
export async function detailOf(
  db: Db,
  actor: Actor,
  id: string,
  ctx: RequestContext,
  def: ChildDefinition,
  mergedFrom: string | null,
): Promise<PersonDetail> {
  const person = await loadPerson(db, id);
  if (!person)
    throw new BatonError('BATON_NOT_FOUND', { message: 'There is no person with that id.' });
  const cols = [
    'r.id as relationshipId',
    'r.relationship',
    'r.parental_responsibility',
    'r.lives_with_child',
    'p.id as personId',
    'p.kind',
    'p.given_name',
    'p.family_name',
    'p.date_of_birth',
  ] as const;
  const adults = await db
    .selectFrom('relationships as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select(cols)
    .where('r.child_id', '=', id)
    .orderBy('r.created_at')
    .execute();
  // The children an adult is related to are shown only where the actor may see those children.
  const visible = readableChildren(db, actor, ctx.now);
  let childQuery = db
    .selectFrom('relationships as r')
    .innerJoin('people as p', 'p.id', 'r.child_id')
    .select(cols)
    .where('r.person_id', '=', id);
  if (visible !== null) childQuery = childQuery.where('r.child_id', 'in', visible);
  const children = await childQuery.orderBy('r.created_at').execute();
  const toView =
    (direction: 'adult' | 'child') =>
    (r: (typeof adults)[number]): RelatedPerson => ({
      relationshipId: r.relationshipId,
      personId: r.personId,
      kind: r.kind === 'adult' ? 'adult' : 'child',
      givenName: r.given_name,
      familyName: r.family_name,
      dateOfBirth: r.date_of_birth,
      relationship: r.relationship,
      parentalResponsibility: r.parental_responsibility === 1,
      livesWithChild: r.lives_with_child === 1,
      direction,
    });
  return {
    ...person,
    ...ageOf(person, today(ctx), def),
    relationships: [...adults.map(toView('adult')), ...children.map(toView('child'))],
    mergedFrom,
  };
}
