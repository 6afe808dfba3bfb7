/**
 * Reading what the CIN census needs, a batch of children at a time, so a census of any size
 * streams: children with social care work, their census items, their work (with the contacts
 * that began it, the applied steps and the deadlines). The core turns each into a census child.
 * Callers check the data team role first (returns use-cases); this module only reads.
 */
import type { Kysely } from 'kysely';
import {
  SOCIAL_CARE_WORKFLOWS,
  censusChild,
  type CensusChild,
  type CensusPeriod,
  type CensusRecordFacts,
  type CensusWork,
  type WorkCensusItems,
} from '../../core/returns/index.js';
import { decideAccess } from '../../core/access/access-policy.js';
import { TIMESCALE_IDS, roleOf, type ResolvedPack } from '../../core/policy/index.js';
import type { Database } from '../db/index.js';
import { appendAudit, refuse } from './audit-repository.js';
import { preProceedingsOnWork } from './pre-proceedings-repository.js';
import type { RequestContext } from './request-context.js';

const day = (iso: string): string => iso.slice(0, 10);

/** Ids of children with any social care work opened on or before `until`, after `cursor`. */
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
    .where('work_items.workflow_id', 'in', [...SOCIAL_CARE_WORKFLOWS])
    .where('work_items.opened_at', '<=', `${until}T23:59:59.999Z`)
    .where('work_item_children.child_id', '>', cursor)
    .groupBy('work_item_children.child_id')
    .orderBy('work_item_children.child_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.child_id);
}

function parseCodes(json: string | null): string[] | null {
  if (json === null) return null;
  const v = JSON.parse(json) as unknown;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null;
}

function censusItemsOf(data: Record<string, unknown>): WorkCensusItems {
  const c = data['census'];
  if (typeof c !== 'object' || c === null) return {};
  const o = c as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === 'string' ? o[k] : undefined);
  return {
    primaryNeed: str('primaryNeed'),
    closureReason: str('closureReason'),
    latestCategory: str('latestCategory'),
    startDate: str('startDate'),
    authorisedOn: str('authorisedOn'),
    factors: Array.isArray(o['factors'])
      ? o['factors'].filter((x): x is string => typeof x === 'string')
      : undefined,
  };
}

const steppedFromOf = (data: Record<string, unknown>): string | null => {
  const s = data['steppedFrom'];
  if (typeof s !== 'object' || s === null) return null;
  const id = (s as Record<string, unknown>)['workItemId'];
  return typeof id === 'string' ? id : null;
};

/**
 * The census facts for a batch of children: record, and every piece of their work. `packs` are
 * the loaded packs: each step's role is read from the pack its work runs under (none when that
 * pack is not loaded, so the census derives no reason for closure from it).
 */
export async function batchFacts(
  db: Kysely<Database>,
  ids: readonly string[],
  packs: ReadonlyMap<string, ResolvedPack>,
): Promise<{ record: CensusRecordFacts; work: CensusWork[] }[]> {
  const people = await db
    .selectFrom('people')
    .select([
      'id',
      'local_id',
      'upn',
      'former_upn',
      'upn_unknown_reason',
      'date_of_birth',
      'expected_date',
      'sex',
      'ethnicity',
      'disabilities',
      'date_of_death',
    ])
    .where('id', 'in', ids)
    .where('merged_into', 'is', null)
    .orderBy('id')
    .execute();
  const workBy = await censusWorkOf(db, ids, packs);
  return people.map((p) => ({
    record: {
      id: p.id,
      localId: p.local_id,
      upn: p.upn,
      formerUpn: p.former_upn,
      upnUnknownReason: p.upn_unknown_reason,
      dateOfBirth: p.date_of_birth,
      expectedDate: p.expected_date,
      sex: p.sex,
      ethnicity: p.ethnicity,
      disabilities: parseCodes(p.disabilities),
      dateOfDeath: p.date_of_death,
    },
    work: workBy.get(p.id) ?? [],
  }));
}

/**
 * Every piece of work on each of `ids`, as the census reads it (the contacts that began it, its
 * applied steps, its protection deadlines and pre-proceedings), by child id.
 */
export async function censusWorkOf(
  db: Kysely<Database>,
  ids: readonly string[],
  packs: ReadonlyMap<string, ResolvedPack>,
): Promise<Map<string, CensusWork[]>> {
  const links = await db
    .selectFrom('work_item_children')
    .innerJoin('work_items', 'work_items.id', 'work_item_children.work_item_id')
    .leftJoin('contacts', (j) =>
      j
        .onRef('contacts.id', '=', 'work_items.subject_id')
        .on('work_items.subject_type', '=', 'contact'),
    )
    .select([
      'work_item_children.child_id',
      'work_items.id',
      'work_items.workflow_id',
      'work_items.pack_id',
      'work_items.opened_at',
      'work_items.closed_at',
      'work_items.data',
      'contacts.referral_source',
      'contacts.received_at',
    ])
    .where('work_item_children.child_id', 'in', ids)
    .execute();
  const itemIds = [...new Set(links.map((l) => l.id))];
  const steps =
    itemIds.length === 0
      ? []
      : await db
          .selectFrom('transitions')
          .select([
            'work_item_id',
            'transition_id',
            'outcome',
            'payload',
            'requested_at',
            'decided_at',
            'occurred_at',
          ])
          .where('work_item_id', 'in', itemIds)
          .where('status', '=', 'applied')
          .orderBy('requested_at')
          .execute();
  const deadlines =
    itemIds.length === 0
      ? []
      : await db
          .selectFrom('deadlines')
          .select(['work_item_id', 'timescale_id', 'opened_at', 'due', 'met_at'])
          .where('work_item_id', 'in', itemIds)
          .where('timescale_id', 'in', [
            TIMESCALE_IDS.icpc,
            TIMESCALE_IDS.firstCpReview,
            TIMESCALE_IDS.cpReview,
          ])
          .execute();
  const workflowOf = new Map(
    links.map((l) => [l.id, packs.get(l.pack_id)?.workflows.get(l.workflow_id)]),
  );
  const stepsBy = new Map<string, CensusWork['steps'][number][]>();
  // The reason for closure asked on the step that closed the work (issue 16 §1).
  const closureBy = new Map<string, string>();
  for (const s of steps) {
    const payload = JSON.parse(s.payload) as Record<string, unknown>;
    const category = typeof payload['category'] === 'string' ? payload['category'] : null;
    if (typeof payload['closureReason'] === 'string')
      closureBy.set(s.work_item_id, payload['closureReason']);
    const list = stepsBy.get(s.work_item_id) ?? [];
    list.push({
      on: day(s.decided_at ?? s.requested_at),
      outcome: s.outcome,
      role: roleOf(workflowOf.get(s.work_item_id), s.transition_id) ?? null,
      category,
      occurredOn: s.occurred_at === null ? undefined : day(s.occurred_at),
    });
    stepsBy.set(s.work_item_id, list);
  }
  const deadlinesBy = new Map<string, CensusWork['deadlines'][number][]>();
  for (const d of deadlines) {
    const list = deadlinesBy.get(d.work_item_id) ?? [];
    list.push({
      timescaleId: d.timescale_id,
      openedOn: day(d.opened_at),
      due: day(d.due),
      metOn: d.met_at === null ? null : day(d.met_at),
    });
    deadlinesBy.set(d.work_item_id, list);
  }
  // Pre-proceedings are the child's own, on the work they began under (siblings share the work).
  const plo = await preProceedingsOnWork(db, itemIds);
  const workBy = new Map<string, CensusWork[]>();
  for (const l of links) {
    const data = JSON.parse(l.data) as Record<string, unknown>;
    const list = workBy.get(l.child_id) ?? [];
    list.push({
      id: l.id,
      workflowId: l.workflow_id,
      openedOn: day(l.opened_at),
      closedOn: l.closed_at === null ? null : day(l.closed_at),
      steppedFromId: steppedFromOf(data),
      referralSource: l.referral_source,
      receivedOn: l.received_at === null ? null : day(l.received_at),
      census: {
        ...censusItemsOf(data),
        closureReason: censusItemsOf(data).closureReason ?? closureBy.get(l.id),
      },
      steps: stepsBy.get(l.id) ?? [],
      deadlines: deadlinesBy.get(l.id) ?? [],
      preProceedings: plo.filter((r) => r.workItemId === l.id && r.childId === l.child_id),
    });
    workBy.set(l.child_id, list);
  }
  return workBy;
}

/**
 * Every census child for the period, in record id order, `batchSize` children read at a time:
 * memory holds one batch, never the whole return.
 */
export async function* censusChildren(
  db: Kysely<Database>,
  period: CensusPeriod,
  packs: ReadonlyMap<string, ResolvedPack>,
  batchSize = 500,
): AsyncGenerator<CensusChild> {
  let cursor = '';
  for (;;) {
    const ids = await childIdsAfter(db, cursor, period.end, batchSize);
    if (ids.length === 0) return;
    for (const { record, work } of await batchFacts(db, ids, packs)) {
      const child = censusChild(record, work, period);
      if (child !== null) yield child;
    }
    cursor = ids[ids.length - 1] ?? cursor;
    if (ids.length < batchSize) return;
  }
}

/** The data team's check on every return: refusals are audited (and throw BATON_FORBIDDEN). */
export async function authoriseReturns(
  db: Kysely<Database>,
  ctx: RequestContext,
  action: string,
): Promise<void> {
  const decision = ctx.actor
    ? decideAccess(ctx.actor, { action: 'returns.read' })
    : { allowed: false as const, reason: 'not signed in' };
  if (!decision.allowed) throw await refuse(db, ctx, { action, reason: decision.reason });
}

/** Audit a return made: what it contained, by counts, never names. */
export async function auditReturn(
  db: Kysely<Database>,
  ctx: RequestContext,
  action: string,
  counts: Record<string, string | number>,
): Promise<void> {
  await appendAudit(db, ctx, {
    action,
    objectType: 'return',
    outcome: 'allowed',
    reason: Object.entries(counts)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join('; '),
  });
}

/** One child's census facts (the caller has checked access to the child). */
export async function censusFactsOf(
  db: Kysely<Database>,
  childId: string,
  packs: ReadonlyMap<string, ResolvedPack>,
): Promise<{ record: CensusRecordFacts; work: CensusWork[] } | null> {
  return (await batchFacts(db, [childId], packs))[0] ?? null;
}
