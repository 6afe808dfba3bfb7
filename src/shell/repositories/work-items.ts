/** Work items as the application sees them, and the facts the journey engine's guards read. */
import type { Kysely } from 'kysely';
import type { ConsentFact, JourneyFacts } from '../../core/journey/index.js';
import type { LevelNumber, ResolvedPack } from '../../core/policy/index.js';
import type { Database } from '../db/index.js';
import type { WorkItem } from '../schemas/index.js';
import { londonDay } from '../../core/calendar/index.js';
import { namesOf } from './person-names.js';

export type { WorkItem };

/**
 * The child the work was opened for, when it concerns several (a family): shown first and named
 * in captions. The order the database returns the others in is not kept, so it is the subject.
 */
export const firstChildOf = (item: WorkItem): string | undefined =>
  item.childIds.includes(item.subjectId) ? item.subjectId : item.childIds[0];

/** Facts for the engine's guards: consents on the work's children, lead professional, events. */
export async function factsFor(
  db: Kysely<Database>,
  item: WorkItem,
  now: string,
  payload: Record<string, unknown>,
  /** When the step happened, where it was recorded later: the guards' "day of this step". */
  occurredAt: string = now,
): Promise<JourneyFacts> {
  const consents =
    item.childIds.length === 0
      ? []
      : await db
          .selectFrom('consents')
          .selectAll()
          .where('child_id', 'in', item.childIds)
          // Newest first, to the second: a consent withdrawn on the day it was given is withdrawn.
          .orderBy('recorded_on', 'desc')
          .orderBy('created_at', 'desc')
          .execute();
  // Work about several children (a family's early help episode): each child's consent is their
  // own, and a refusal names the child, so the engine is told who the children are.
  const names = item.childIds.length < 2 ? null : await namesOf(db, item.childIds);
  return {
    today: londonDay(now),
    stepDay: occurredAt.slice(0, 10),
    level: item.level,
    ...(names === null
      ? {}
      : { children: item.childIds.map((id) => ({ id, name: names.get(id) ?? id })) }),
    consents: consents.map((c): ConsentFact => ({
      childId: c.child_id,
      purpose: c.purpose as ConsentFact['purpose'],
      decision: c.decision as ConsentFact['decision'],
      givenBy: (c.given_by_kind ?? null) as ConsentFact['givenBy'],
      recordedOn: c.recorded_on,
      expiresOn: c.expires_on,
      notSoughtReason: c.not_sought_reason,
      consulted: c.consulted,
    })),
    leadProfessional: item.leadProfessional
      ? { name: item.leadProfessional.name, agency: item.leadProfessional.agency }
      : null,
    events: item.events,
    payload,
  };
}

/** Load a work item with its children and workflow names. */
export async function loadWorkItem(
  db: Kysely<Database>,
  packs: ReadonlyMap<string, ResolvedPack>,
  id: string,
): Promise<WorkItem | null> {
  const row = await db.selectFrom('work_items').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const children = await db
    .selectFrom('work_item_children')
    .select('child_id')
    .where('work_item_id', '=', id)
    .execute();
  const workflow = packs.get(row.pack_id)?.workflows.get(row.workflow_id);
  const state = workflow?.states.find((s) => s.id === row.state);
  return {
    id: row.id,
    workflowId: row.workflow_id,
    workflowName: workflow?.name ?? row.workflow_id,
    packId: row.pack_id,
    packVersion: row.pack_version,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    childIds: children.map((c) => c.child_id),
    state: row.state,
    stateName: state?.name ?? row.state,
    final: state?.final ?? false,
    level: (row.level ?? null) as LevelNumber | null,
    leadProfessional:
      row.lead_professional_name !== null
        ? {
            name: row.lead_professional_name,
            agency: row.lead_professional_agency ?? '',
            userId: row.lead_professional_user_id,
          }
        : null,
    ownerAgencyId: row.owner_agency_id,
    events: JSON.parse(row.events) as { id: string; on: string }[],
    data: JSON.parse(row.data) as Record<string, unknown>,
    openedAt: row.opened_at,
    openedBy: row.opened_by,
    closedAt: row.closed_at,
    version: row.version,
    beganAt: row.began_at ?? row.opened_at,
  };
}
