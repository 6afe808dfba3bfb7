/**
 * What a step's form may carry from (core/journey/step-carries.ts): the steps taken on a piece of
 * work and on the work it followed (a stepped-down episode's CIN plan, and so on back), and the
 * new concerns recorded on it. The caller has already checked the reader may read this work;
 * the work it followed is about the same children.
 */
import type { Kysely } from 'kysely';
import type { CarriedStep, CarryHistory } from '../../core/journey/index.js';
import type { Database } from '../db/index.js';

/** How far back along `steppedFrom` to look: a family's journey is a handful of pieces of work. */
const MAX_LINKS = 8;

const steppedFromOf = (data: string): string | null => {
  const parsed = JSON.parse(data) as { steppedFrom?: { workItemId?: unknown } };
  const id = parsed.steppedFrom?.workItemId;
  return typeof id === 'string' ? id : null;
};

/** The work, then the work it followed, and so on (newest first). */
export async function workChain(db: Kysely<Database>, workItemId: string): Promise<string[]> {
  const chain: string[] = [];
  let id: string | null = workItemId;
  while (id !== null && chain.length < MAX_LINKS && !chain.includes(id)) {
    chain.push(id);
    const row = await db
      .selectFrom('work_items')
      .select('data')
      .where('id', '=', id)
      .executeTakeFirst();
    id = row ? steppedFromOf(row.data) : null;
  }
  return chain;
}

/** The steps (not declined) on the work and the work it followed, and its new concerns. */
export async function carryHistory(
  db: Kysely<Database>,
  workItemId: string,
): Promise<CarryHistory> {
  const chain = await workChain(db, workItemId);
  const rows = await db
    .selectFrom('transitions as t')
    .innerJoin('work_items as w', 'w.id', 't.work_item_id')
    .select([
      'w.workflow_id',
      't.transition_id',
      't.payload',
      't.occurred_at',
      't.requested_at',
      't.id',
    ])
    .where('t.work_item_id', 'in', chain)
    .where('t.status', '!=', 'declined')
    .execute();
  const when = (r: (typeof rows)[number]) => r.occurred_at ?? r.requested_at;
  rows.sort(
    (a, b) => when(a).localeCompare(when(b)) || a.requested_at.localeCompare(b.requested_at),
  );
  const steps: CarriedStep[] = rows.map((r) => ({
    workflowId: r.workflow_id,
    transitionId: r.transition_id,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
  }));
  const concerns = await db
    .selectFrom('eh_concerns')
    .select(['concerns', 'created_at'])
    .where('work_item_id', '=', workItemId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return { steps, newConcerns: concerns.map((c) => c.concerns) };
}
