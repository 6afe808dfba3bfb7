/**
 * Whole or none (issue 13 finding 10): the multi-write use-cases the crash test fires at once
 * before a kill -9, and what each must leave behind. For every instance the test takes a
 * fingerprint of everything the use-case could touch (the children's work, steps, deadlines,
 * involvements, consents, timeline, reviews, merges, contacts) before it fires and after the
 * crash: the second must equal the first (none of it happened) or differ in every part the
 * use-case writes (all of it happened). Anything between is a half-made change.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';

/** Parts of the fingerprint; each use-case names the parts its whole change alters. */
export type Part =
  | 'workItems'
  | 'transitions'
  | 'deadlines'
  | 'involvements'
  | 'consents'
  | 'timeline'
  | 'reviews'
  | 'merges'
  | 'people'
  | 'relationships'
  | 'contacts';

export type Fingerprint = Record<Part, string>;

export type UseCaseKind =
  'open-episode' | 'record-review' | 'transfer-request' | 'transfer-decision' | 'merge' | 'contact';

/** What each use-case's whole change alters (each part must differ from before). */
export const WHOLE: Record<UseCaseKind, readonly Part[]> = {
  // Consent, the episode, the involvements, its first step and deadlines, the timeline.
  'open-episode': ['workItems', 'transitions', 'deadlines', 'involvements', 'consents', 'timeline'],
  // The review, the step it takes, the work's version, the deadlines (met and next), the timeline.
  'record-review': ['reviews', 'workItems', 'transitions', 'deadlines', 'timeline'],
  // The waiting request and the access granted for it while it waits.
  'transfer-request': ['transitions', 'involvements'],
  // The decision, the work moving on, the access granted for the request ending.
  'transfer-decision': ['transitions', 'workItems', 'involvements'],
  // The merge record, the duplicate marked merged, its relationships moved to the one kept.
  merge: ['merges', 'people', 'relationships'],
  // The contact, its people, their relationships, consent and the contact's work item.
  contact: ['contacts', 'people', 'relationships', 'workItems'],
};

const json = (rows: unknown[]): string => JSON.stringify(rows);
const inList = (ids: readonly string[]): string[] => (ids.length > 0 ? [...ids] : ['-none-']);

/**
 * The fingerprint of everything about these people (children, adults) and the work that
 * concerns them. `contactMarker` finds a contact by the text of its concerns (its ids are unknown
 * until it answers).
 */
export async function fingerprint(
  db: Kysely<Database>,
  personIds: readonly string[],
  contactMarker?: string,
): Promise<Fingerprint> {
  let ids = inList(personIds);
  let contacts: { id: string }[] = [];
  if (contactMarker !== undefined) {
    contacts = await db
      .selectFrom('contacts')
      .select('id')
      .where('concerns', 'like', `${contactMarker}%`)
      .orderBy('id')
      .execute();
    const people = await db
      .selectFrom('contact_people')
      .select('person_id')
      .where('contact_id', 'in', inList(contacts.map((c) => c.id)))
      .execute();
    ids = inList([...personIds, ...people.map((p) => p.person_id)].sort());
  }
  const work = await db
    .selectFrom('work_items')
    .innerJoin('work_item_children', 'work_item_children.work_item_id', 'work_items.id')
    .select(['work_items.id', 'work_items.state', 'work_items.version', 'work_items.closed_at'])
    .where('work_item_children.child_id', 'in', ids)
    .distinct()
    .orderBy('work_items.id')
    .execute();
  const workIds = inList(work.map((w) => w.id));
  const [transitions, deadlines, involvements, consents, timeline, reviews, merges, people, rels] =
    await Promise.all([
      db
        .selectFrom('transitions')
        .select(['id', 'status'])
        .where('work_item_id', 'in', workIds)
        .orderBy('id')
        .execute(),
      db
        .selectFrom('deadlines')
        .select(['id', 'met_at'])
        .where('work_item_id', 'in', workIds)
        .orderBy('id')
        .execute(),
      db
        .selectFrom('involvements')
        .select(['id', 'to_date'])
        .where('child_id', 'in', ids)
        .orderBy('id')
        .execute(),
      db.selectFrom('consents').select('id').where('child_id', 'in', ids).orderBy('id').execute(),
      db
        .selectFrom('child_timeline')
        .select('id')
        .where('child_id', 'in', ids)
        .orderBy('id')
        .execute(),
      db
        .selectFrom('eh_reviews')
        .select('id')
        .where('work_item_id', 'in', workIds)
        .orderBy('id')
        .execute(),
      db
        .selectFrom('person_merges')
        .select(['id', 'undone_at'])
        .where((eb) => eb.or([eb('kept_id', 'in', ids), eb('merged_id', 'in', ids)]))
        .orderBy('id')
        .execute(),
      db
        .selectFrom('people')
        .select(['id', 'merged_into', 'version'])
        .where('id', 'in', ids)
        .orderBy('id')
        .execute(),
      db
        .selectFrom('relationships')
        .select(['id', 'child_id', 'person_id'])
        .where((eb) => eb.or([eb('child_id', 'in', ids), eb('person_id', 'in', ids)]))
        .orderBy('id')
        .execute(),
    ]);
  return {
    workItems: json(work),
    transitions: json(transitions),
    deadlines: json(deadlines),
    involvements: json(involvements),
    consents: json(consents),
    timeline: json(timeline),
    reviews: json(reviews),
    merges: json(merges),
    people: json(people),
    relationships: json(rels),
    contacts: json(contacts),
  };
}

/** `none`, `whole`, or what is half-made: the parts changed and those that should have. */
export function judge(
  kind: UseCaseKind,
  before: Fingerprint,
  after: Fingerprint,
): { verdict: 'none' | 'whole' | 'half'; changed: Part[]; unchanged: Part[] } {
  const parts = Object.keys(before) as Part[];
  const changed = parts.filter((p) => before[p] !== after[p]);
  const unchanged = WHOLE[kind].filter((p) => before[p] === after[p]);
  if (changed.length === 0) return { verdict: 'none', changed, unchanged };
  return { verdict: unchanged.length === 0 ? 'whole' : 'half', changed, unchanged };
}
