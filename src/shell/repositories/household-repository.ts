/**
 * The family around a child (issue 14 §4): the other children who share a parent or carer with
 * them, each with their open work and its level, so that a contact about two children never
 * leaves the second unseen. Only children the reader may read are named: the list is filtered in
 * SQL by the same rule as a single read (`readableChildren`), and listing it is audited.
 */
import type { Kysely } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { Actor } from '../../core/access/index.js';
import type { LevelNumber, ResolvedPack } from '../../core/policy/index.js';
import type { Database } from '../db/index.js';
import { appendAudit } from './audit-repository.js';
import { authoriseChild } from './child-access.js';
import { readableChildren } from './readable-children.js';
import type { RequestContext } from './request-context.js';

export interface HouseholdChild {
  id: string;
  name: string;
  dateOfBirth: string | null;
  /** The adults on the record this child shares with the child whose record is read. */
  sharedAdults: string[];
  openWork: {
    id: string;
    workflowId: string;
    workflowName: string;
    stateName: string;
    level: LevelNumber | null;
  }[];
}

/**
 * The children who share an adult with `childId`, that `actor` may read, with their open work.
 * The caller has already authorised the read of `childId` itself.
 */
export async function householdOf(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  actor: Actor,
  childId: string,
): Promise<HouseholdChild[]> {
  const links = await db
    .selectFrom('relationships as mine')
    .innerJoin('relationships as theirs', 'theirs.person_id', 'mine.person_id')
    .innerJoin('people as adult', 'adult.id', 'mine.person_id')
    .select(['theirs.child_id', 'adult.given_name', 'adult.family_name'])
    .where('mine.child_id', '=', childId)
    .where('theirs.child_id', '!=', childId)
    .execute();
  const ids = [...new Set(links.map((l) => l.child_id))];
  if (ids.length === 0) return [];
  const visible = readableChildren(db, actor, ctx.now, ids);
  let q = db
    .selectFrom('people')
    .select(['id', 'given_name', 'family_name', 'date_of_birth'])
    .where('id', 'in', ids)
    .where('kind', '=', 'child');
  if (visible !== null) q = q.where('id', 'in', visible);
  const children = await q.orderBy('date_of_birth').orderBy('given_name').execute();
  await appendAudit(db, ctx, {
    action: 'child.household.list',
    objectType: 'child',
    objectId: childId,
    outcome: 'allowed',
  });
  if (children.length === 0) return [];
  const work = await openWorkOf(
    db,
    packs,
    children.map((c) => c.id),
  );
  return children.map((c) => ({
    id: c.id,
    name: `${c.given_name} ${c.family_name}`,
    dateOfBirth: c.date_of_birth,
    sharedAdults: [
      ...new Set(
        links.filter((l) => l.child_id === c.id).map((l) => `${l.given_name} ${l.family_name}`),
      ),
    ],
    openWork: work.get(c.id) ?? [],
  }));
}

/** The family around a child, after checking the reader may read the child (audited). */
export async function readHousehold(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  childId: string,
): Promise<HouseholdChild[]> {
  const { actor } = await authoriseChild(db, ctx, childId, 'read', {
    action: 'child.household.list',
  });
  return householdOf(db, ctx, packs, actor, childId);
}

type OpenWork = HouseholdChild['openWork'][number];

/** The open work of each child, with its workflow, state and level by name (no access check). */
async function openWorkOf(
  db: Kysely<Database>,
  packs: ReadonlyMap<string, ResolvedPack>,
  childIds: readonly string[],
): Promise<Map<string, OpenWork[]>> {
  const byChild = new Map<string, OpenWork[]>();
  if (childIds.length === 0) return byChild;
  const rows = await db
    .selectFrom('work_items')
    .innerJoin('work_item_children', 'work_item_children.work_item_id', 'work_items.id')
    .select([
      'work_item_children.child_id',
      'work_items.id',
      'work_items.pack_id',
      'work_items.workflow_id',
      'work_items.state',
      'work_items.level',
    ])
    .where('work_item_children.child_id', 'in', [...childIds])
    .where('work_items.closed_at', 'is', null)
    .orderBy('work_items.opened_at')
    .execute();
  for (const w of rows) {
    const workflow = packs.get(w.pack_id)?.workflows.get(w.workflow_id);
    const state = workflow?.states.find((st) => st.id === w.state);
    const list = byChild.get(w.child_id) ?? [];
    list.push({
      id: w.id,
      workflowId: w.workflow_id,
      workflowName: workflow?.name ?? w.workflow_id,
      stateName: state?.name ?? w.state,
      level: (state?.level ?? w.level ?? null) as LevelNumber | null,
    });
    byChild.set(w.child_id, list);
  }
  return byChild;
}

/** A child in the household view: the child whose family it is, or one who shares an adult. */
export interface FamilyChild {
  id: string;
  name: string;
  dateOfBirth: string | null;
  /** The child whose record the view was opened from. */
  isSubject: boolean;
  openWork: OpenWork[];
  /** The highest level of the child's open work; null when none has a level. */
  level: LevelNumber | null;
}

/** An adult linked to at least one child the reader may see, with each link. */
export interface FamilyAdult {
  personId: string;
  name: string;
  /** Their telephone number, as the contact or a correction recorded it; null when not known. */
  phone: string | null;
  links: {
    childId: string;
    childName: string;
    relationship: string;
    parentalResponsibility: boolean;
    livesWithChild: boolean;
  }[];
}

/** The household around a child (issue 14 §4): its children, adults and each child's open work. */
export interface FamilyView {
  child: { id: string; name: string };
  children: FamilyChild[];
  adults: FamilyAdult[];
}

/**
 * The household view of `childId`: the child, the other children who share a parent or carer
 * with them (`householdOf`'s rule: only children the reader may read, the rest left out), the
 * adults linked to those children with parental responsibility per child and their phone number
 * when known, and each child's open work and level. The read of the child is checked and both
 * the read and the list are audited.
 */
export async function readFamily(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  childId: string,
): Promise<FamilyView> {
  const { actor, kind } = await authoriseChild(db, ctx, childId, 'read', {
    action: 'child.family.read',
  });
  if (kind !== 'child')
    throw new BatonError('BATON_NOT_FOUND', { message: 'There is no child with that id.' });
  const subject = await db
    .selectFrom('people')
    .select(['id', 'given_name', 'family_name', 'date_of_birth'])
    .where('id', '=', childId)
    .executeTakeFirstOrThrow();
  const others = await householdOf(db, ctx, packs, actor, childId);
  const subjectWork = (await openWorkOf(db, packs, [childId])).get(childId) ?? [];
  const highest = (work: readonly OpenWork[]): LevelNumber | null =>
    work.reduce<LevelNumber | null>(
      (top, w) => (w.level !== null && (top === null || w.level > top) ? w.level : top),
      null,
    );
  const children: FamilyChild[] = [
    {
      id: subject.id,
      name: `${subject.given_name} ${subject.family_name}`,
      dateOfBirth: subject.date_of_birth,
      isSubject: true,
      openWork: subjectWork,
      level: highest(subjectWork),
    },
    ...others.map((c) => ({
      id: c.id,
      name: c.name,
      dateOfBirth: c.dateOfBirth,
      isSubject: false,
      openWork: c.openWork,
      level: highest(c.openWork),
    })),
  ];
  const nameOf = new Map(children.map((c) => [c.id, c.name]));
  const links = await db
    .selectFrom('relationships')
    .innerJoin('people', 'people.id', 'relationships.person_id')
    .select([
      'relationships.child_id',
      'relationships.person_id',
      'relationships.relationship',
      'relationships.parental_responsibility',
      'relationships.lives_with_child',
      'people.given_name',
      'people.family_name',
      'people.phone',
    ])
    .where(
      'relationships.child_id',
      'in',
      children.map((c) => c.id),
    )
    .where('people.kind', '!=', 'child')
    .orderBy('relationships.parental_responsibility', 'desc')
    .orderBy('people.family_name')
    .orderBy('people.given_name')
    .execute();
  const adults = new Map<string, FamilyAdult>();
  for (const l of links) {
    const adult = adults.get(l.person_id) ?? {
      personId: l.person_id,
      name: `${l.given_name} ${l.family_name}`,
      phone: l.phone,
      links: [],
    };
    adult.links.push({
      childId: l.child_id,
      childName: nameOf.get(l.child_id) ?? '',
      relationship: l.relationship,
      parentalResponsibility: l.parental_responsibility === 1,
      livesWithChild: l.lives_with_child === 1,
    });
    adults.set(l.person_id, adult);
  }
  await appendAudit(db, ctx, {
    action: 'child.family.read',
    objectType: 'child',
    objectId: childId,
    outcome: 'allowed',
  });
  return {
    child: { id: subject.id, name: children[0]?.name ?? '' },
    children,
    adults: [...adults.values()],
  };
}
