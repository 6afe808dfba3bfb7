/**
 * Write a census test journey (core/returns/census-testing.ts) into a database as Baton's own
 * rows: the child, the contact, the work items linked by `steppedFrom`, applied steps and
 * deadlines. Every name and id is invented.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CensusRecordFacts } from '../../core/returns/census-child.js';
import { WORKFLOW_IDS } from '../../core/policy/index.js';
import type { CensusWork } from '../../core/returns/index.js';
import type { Database } from '../db/index.js';

const at = (day: string): string => `${day}T10:00:00.000Z`;

/** Insert the child and their work; ids are made unique per call. Returns the child's id. */
export async function insertCensusJourney(
  db: Kysely<Database>,
  record: CensusRecordFacts,
  work: readonly CensusWork[],
): Promise<string> {
  const childId = randomUUID();
  const ids = new Map(work.map((w) => [w.id, randomUUID()]));
  const idOf = (id: string): string => ids.get(id) ?? id;
  await db
    .insertInto('people')
    .values({
      id: childId,
      kind: 'child',
      given_name: 'Census',
      family_name: 'Testchild',
      date_of_birth: record.dateOfBirth,
      expected_date: record.expectedDate,
      upn: record.upn,
      local_id: record.localId,
      communication_needs: '[]',
      disabled: 0,
      created_by: 'test',
      created_at: at('2025-01-01'),
      version: 1,
      sex: record.sex,
      ethnicity: record.ethnicity,
      disabilities: record.disabilities === null ? null : JSON.stringify(record.disabilities),
      former_upn: record.formerUpn,
      upn_unknown_reason: record.upnUnknownReason,
      date_of_death: record.dateOfDeath,
    })
    .execute();
  for (const w of work) {
    const id = idOf(w.id);
    let subjectId = childId;
    if (w.workflowId === WORKFLOW_IDS.contact) {
      subjectId = randomUUID();
      await db
        .insertInto('contacts')
        .values({
          id: subjectId,
          referrer_name: 'A Teacher',
          referrer_agency_name: 'Synthetic Primary School',
          channel: 'online',
          concerns: 'Synthetic concerns for a census test.',
          referrer_level: 4,
          urgency: 'routine',
          consent_decision: 'given',
          family_spoken_to: 1,
          received_at: at(w.receivedOn ?? w.openedOn),
          created_by: 'test',
          referral_source: w.referralSource,
        })
        .execute();
    }
    await db
      .insertInto('work_items')
      .values({
        id,
        workflow_id: w.workflowId,
        pack_id: 'stockport',
        pack_version: '1.0.0',
        subject_type: w.workflowId === WORKFLOW_IDS.contact ? 'contact' : 'child',
        subject_id: subjectId,
        state: w.closedOn === null ? 'open' : 'closed',
        owner_agency_id: 'test-agency',
        events: '[]',
        data: JSON.stringify({
          ...(w.steppedFromId === null
            ? {}
            : { steppedFrom: { workItemId: idOf(w.steppedFromId), workflowId: 'x' } }),
          census: w.census,
        }),
        opened_at: at(w.openedOn),
        opened_by: 'test',
        closed_at: w.closedOn === null ? null : at(w.closedOn),
        version: 1,
      })
      .execute();
    await db
      .insertInto('work_item_children')
      .values({ work_item_id: id, child_id: childId })
      .execute();
    for (const s of w.steps)
      await db
        .insertInto('transitions')
        .values({
          id: randomUUID(),
          work_item_id: id,
          transition_id: s.outcome ?? 'step',
          from_state: 'a',
          to_state: 'b',
          outcome: s.outcome,
          status: 'applied',
          payload: JSON.stringify(s.category === null ? {} : { category: s.category }),
          pack_id: 'stockport',
          pack_version: '1.0.0',
          requested_by: 'test',
          requested_at: at(s.on),
          decided_at: at(s.on),
        })
        .execute();
    for (const d of w.deadlines)
      await db
        .insertInto('deadlines')
        .values({
          id: randomUUID(),
          work_item_id: id,
          timescale_id: d.timescaleId,
          name: d.timescaleId,
          due: d.due,
          citation: 'test',
          owner_agency_id: 'test-agency',
          opened_at: at(d.openedOn),
          met_at: d.metOn === null ? null : at(d.metOn),
        })
        .execute();
  }
  return childId;
}

/**
 * Two users for the returns commands (`--as`): `census-analyst` in the data team and
 * `census-worker`, a social worker (who may not make a return). No password to sign in with.
 */
export async function insertReturnsUsers(db: Kysely<Database>): Promise<void> {
  const agencyId = randomUUID();
  const now = at('2025-01-01');
  await db
    .insertInto('agencies')
    .values({ id: agencyId, name: 'Synthetic Council', kind: 'social-care', created_at: now })
    .execute();
  for (const [username, role] of [
    ['census-analyst', 'data-team'],
    ['census-worker', 'social-worker'],
  ] as const) {
    const id = randomUUID();
    await db
      .insertInto('users')
      .values({
        id,
        username,
        display_name: username === 'census-analyst' ? 'Census Analyst' : 'Census Worker',
        agency_id: agencyId,
        password_hash: 'not-a-hash: signs in nowhere',
        active: 1,
        created_at: now,
      })
      .execute();
    await db.insertInto('user_roles').values({ user_id: id, role }).execute();
  }
}
