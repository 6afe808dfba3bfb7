/**
 * Reading what Ofsted's Annex A needs, a batch of children at a time (so the lists stream): the
 * census facts of each child with any work begun by the window's end (contacts included), their
 * early help assessments, and their allocated team and worker. The core turns each into rows.
 * Callers check the data team role first (returns use-cases); this module only reads.
 */
import type { Kysely } from 'kysely';
import {
  SOCIAL_CARE_WORKFLOWS,
  type AnnexAChildFacts,
  type AnnexAEarlyHelpAssessment,
  type AnnexAWindow,
} from '../../core/returns/index.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import type { Database } from '../db/index.js';
import { batchFacts } from './census-repository.js';

const day = (iso: string): string => iso.slice(0, 10);
const endOf = (d: string): string => `${d}T23:59:59.999Z`;

/** Ids of children with any work opened by `until`, after `cursor`, in id order. */
async function childIdsAfter(
  db: Kysely<Database>,
  cursor: string,
  until: string,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('work_item_children')
    .innerJoin('work_items', 'work_items.id', 'work_item_children.work_item_id')
    .select('work_item_children.child_id')
    .where('work_items.opened_at', '<=', endOf(until))
    .where('work_item_children.child_id', '>', cursor)
    .groupBy('work_item_children.child_id')
    .orderBy('work_item_children.child_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.child_id);
}

/** True when any child had any work (a contact at least) by the window's end. */
export async function anyAnnexAChild(db: Kysely<Database>, w: AnnexAWindow): Promise<boolean> {
  return (await childIdsAfter(db, '', w.to, 1)).length > 0;
}

/** Early help assessments of the children's early help episodes, with the organisation. */
async function earlyHelpOf(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, AnnexAEarlyHelpAssessment[]>> {
  const rows = await db
    .selectFrom('eh_assessments')
    .innerJoin('work_items', 'work_items.id', 'eh_assessments.work_item_id')
    .innerJoin('work_item_children', 'work_item_children.work_item_id', 'work_items.id')
    .leftJoin('agencies', 'agencies.id', 'work_items.owner_agency_id')
    .select([
      'work_item_children.child_id',
      'eh_assessments.created_at',
      'eh_assessments.completed_at',
      'work_items.lead_professional_agency',
      'agencies.name as agency_name',
    ])
    .where('work_item_children.child_id', 'in', ids)
    .orderBy('eh_assessments.created_at')
    .execute();
  const by = new Map<string, AnnexAEarlyHelpAssessment[]>();
  for (const r of rows) {
    const list = by.get(r.child_id) ?? [];
    list.push({
      startedOn: day(r.created_at),
      completedOn: r.completed_at === null ? null : day(r.completed_at),
      organisation: r.lead_professional_agency ?? r.agency_name,
    });
    by.set(r.child_id, list);
  }
  return by;
}

/**
 * Each child's allocated team and worker on the window's last day: the lead professional of
 * the most recently opened social care work open that day, else of the most recent closed.
 */
export async function allocationOf(
  db: Kysely<Database>,
  ids: readonly string[],
  to: string,
): Promise<Map<string, AnnexAChildFacts['allocation']>> {
  const rows = await db
    .selectFrom('work_item_children')
    .innerJoin('work_items', 'work_items.id', 'work_item_children.work_item_id')
    .leftJoin('users', 'users.id', 'work_items.lead_professional_user_id')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select([
      'work_item_children.child_id',
      'work_items.opened_at',
      'work_items.closed_at',
      'users.display_name',
      'teams.name as team_name',
    ])
    .where('work_item_children.child_id', 'in', ids)
    .where('work_items.workflow_id', 'in', [...SOCIAL_CARE_WORKFLOWS])
    .where('work_items.opened_at', '<=', endOf(to))
    .orderBy('work_items.opened_at')
    .execute();
  const best = new Map<string, { open: boolean; allocation: AnnexAChildFacts['allocation'] }>();
  for (const r of rows) {
    const open = r.closed_at === null || day(r.closed_at) > to;
    const seen = best.get(r.child_id);
    // Rows come oldest first: a later row wins unless it is closed and an open one is held.
    if (seen?.open === true && !open) continue;
    best.set(r.child_id, {
      open,
      allocation: { team: r.team_name, worker: r.display_name },
    });
  }
  return new Map([...best].map(([id, b]) => [id, b.allocation]));
}

/** Every child Annex A may hold for the window, `batchSize` at a time, in record id order. */
export async function* annexAChildren(
  db: Kysely<Database>,
  w: AnnexAWindow,
  packs: ReadonlyMap<string, ResolvedPack>,
  batchSize = 500,
): AsyncGenerator<AnnexAChildFacts> {
  let cursor = '';
  for (;;) {
    const ids = await childIdsAfter(db, cursor, w.to, batchSize);
    if (ids.length === 0) return;
    const facts = await batchFacts(db, ids, packs);
    const earlyHelp = await earlyHelpOf(db, ids);
    const allocation = await allocationOf(db, ids, w.to);
    for (const { record, work } of facts)
      yield {
        record,
        work,
        earlyHelpAssessments: earlyHelp.get(record.id) ?? [],
        allocation: allocation.get(record.id) ?? { team: null, worker: null },
      };
    cursor = ids[ids.length - 1] ?? cursor;
    if (ids.length < batchSize) return;
  }
}
