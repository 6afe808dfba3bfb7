/**
 * Merging duplicate people (issue 3, "Person matching at intake"): a team manager's decision.
 * A merge re-points every reference to the duplicate at the record kept, marks the duplicate
 * `merged_into`, and writes down exactly which rows moved, so that an undo moves exactly those
 * rows back. Each runs in one transaction, with timeline entries and audit. Finding duplicates
 * and the side-by-side preview are in person-merge-preview-repository.ts.
 */
import { withTransaction } from '../db/unit-of-work.js';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { BatonError, type ErrorDetail } from '../../core/errors/error-catalogue.js';
import type { Database } from '../db/index.js';
import { appendAudit } from './audit-repository.js';
import { appendTimeline } from './child-access.js';
import { addMissingKeys } from './people-repository.js';
import { authorisePerson } from './person-access.js';
import {
  checkPair,
  deletePairs,
  insertPair,
  involvementsLeftBehind,
  pairRows,
  PAIR_REFERENCES,
  repointPairs,
  repointRows,
  rowIds,
  ROW_REFERENCES,
} from './person-merge-references.js';
import type { RequestContext } from './request-context.js';
import type { MergeView } from '../schemas/index.js';

export type { MergeView };

/** What a merge moved, as stored in `person_merges.moved_json`. */
export interface MergeRecord {
  reason: string;
  rows: { table: string; column: string; ids: string[] }[];
  pairs: {
    table: string;
    column: string;
    moved: string[];
    dropped: { other: string; extra: string | null }[];
  }[];
}

// ---------------------------------------------------------------------------------------------
// Merge, undo
// ---------------------------------------------------------------------------------------------

/** Children whose timeline should hear about a merge of this person. */
async function childrenOf(db: Kysely<Database>, id: string, kind: string): Promise<string[]> {
  if (kind === 'child') return [id];
  const rows = await db
    .selectFrom('relationships')
    .select('child_id')
    .where('person_id', '=', id)
    .execute();
  return [...new Set(rows.map((r) => r.child_id))];
}

/**
 * Merge `mergedId` into `keptId`: both must be the same kind and neither already merged. Needs
 * the team manager's merge permission on both (ordinary access, not emergency access) and a
 * reason. The merging user's own involvements with the duplicate stay with it. Answers with the
 * merge.
 */
export async function mergePeople(
  db: Kysely<Database>,
  ctx: RequestContext,
  input: { keptId: string; mergedId: string; reason: string },
): Promise<MergeView> {
  const { keptId, mergedId } = input;
  const reason = input.reason.trim();
  checkPair(keptId, mergedId);
  const { actor, row: kept } = await authorisePerson(db, ctx, keptId, 'merge', 'person.merge');
  const { row: merged } = await authorisePerson(db, ctx, mergedId, 'merge', 'person.merge');
  const details: ErrorDetail[] = [];
  if (kept.kind !== merged.kind)
    details.push({
      path: 'mergedId',
      message: 'A child can be merged only with a child, and an adult only with an adult',
    });
  if (reason.length < 10)
    details.push({
      path: 'reason',
      message: 'Say why these are the same person (at least 10 characters)',
    });
  if (details.length > 0) throw new BatonError('BATON_VALIDATION', { details });
  for (const row of [kept, merged])
    if (row.merged_into !== null)
      throw new BatonError('BATON_STALE_EDIT', {
        message: `One of these records has already been merged into another. Reload and choose again.`,
        extra: { mergedInto: row.merged_into },
      });

  const mergeId = randomUUID();
  const record: MergeRecord = { reason, rows: [], pairs: [] };
  await withTransaction(db, async (trx) => {
    // Claim both rows first: a concurrent merge of either makes one of these match nothing.
    const claimedKept = await trx
      .updateTable('people')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', keptId)
      .where('merged_into', 'is', null)
      .executeTakeFirst();
    const claimedMerged = await trx
      .updateTable('people')
      .set((eb) => ({ merged_into: keptId, version: eb('version', '+', 1) }))
      .where('id', '=', mergedId)
      .where('merged_into', 'is', null)
      .executeTakeFirst();
    if (Number(claimedKept.numUpdatedRows) !== 1 || Number(claimedMerged.numUpdatedRows) !== 1)
      throw new BatonError('BATON_STALE_EDIT');

    const leftBehind = await involvementsLeftBehind(trx, mergedId, actor.userId);
    for (const ref of ROW_REFERENCES) {
      const ids = (await rowIds(trx, ref, mergedId)).filter(
        (id) => ref.table !== 'involvements' || !leftBehind.has(id),
      );
      if (ids.length === 0) continue;
      await repointRows(trx, ref, ids, mergedId, keptId);
      record.rows.push({ table: ref.table, column: ref.column, ids });
    }
    for (const ref of PAIR_REFERENCES) {
      const rows = await pairRows(trx, ref, mergedId);
      if (rows.length === 0) continue;
      const keptOthers = new Set((await pairRows(trx, ref, keptId)).map((r) => r.other));
      const moved = rows.filter((r) => !keptOthers.has(r.other)).map((r) => r.other);
      const dropped = rows.filter((r) => keptOthers.has(r.other));
      await repointPairs(trx, ref, moved, mergedId, keptId);
      await deletePairs(
        trx,
        ref,
        dropped.map((r) => r.other),
        mergedId,
      );
      record.pairs.push({ table: ref.table, column: ref.column, moved, dropped });
    }
    await trx
      .insertInto('person_merges')
      .values({
        id: mergeId,
        kept_id: keptId,
        merged_id: mergedId,
        moved_json: JSON.stringify(record),
        merged_by: actor.userId,
        merged_at: ctx.now,
        undone_by: null,
        undone_at: null,
      })
      .execute();
    for (const childId of await childrenOf(trx, keptId, kept.kind)) {
      await appendTimeline(trx, {
        childId,
        at: ctx.now,
        kind: 'person.merged',
        summary: `${childId === keptId ? 'A duplicate record' : `A duplicate record of ${kept.given_name} ${kept.family_name}`} was merged into this one by ${actor.displayName}: ${reason}`,
        objectType: 'person-merge',
        objectId: mergeId,
        actorUserId: actor.userId,
      });
    }
    for (const [id, role] of [
      [keptId, 'kept'],
      [mergedId, 'merged away'],
    ] as const) {
      await appendAudit(trx, ctx, {
        action: 'person.merge',
        objectType: kept.kind,
        objectId: id,
        outcome: 'allowed',
        reason: `merge ${mergeId}: ${role}`,
      });
    }
  });
  return getMergeUnchecked(db, mergeId);
}

/**
 * Undo a merge: move back exactly the rows it moved, put back the link rows it removed, and
 * clear `merged_into`. Refused (409) when already undone, or when the kept record has since been
 * merged into a third (undo that merge first).
 */
export async function undoMerge(
  db: Kysely<Database>,
  ctx: RequestContext,
  mergeId: string,
): Promise<MergeView> {
  const merge = await mergeRow(db, ctx, mergeId, 'person.merge-undo');
  const { actor, row: kept } = await authorisePerson(
    db,
    ctx,
    merge.kept_id,
    'merge',
    'person.merge-undo',
  );
  await authorisePerson(db, ctx, merge.merged_id, 'merge', 'person.merge-undo');
  if (merge.undone_at !== null)
    throw new BatonError('BATON_STALE_EDIT', { message: 'This merge has already been undone.' });
  if (kept.merged_into !== null)
    throw new BatonError('BATON_STALE_EDIT', {
      message:
        'The record kept by this merge has since been merged into another. Undo that merge first.',
      extra: { mergedInto: kept.merged_into },
    });
  const record = JSON.parse(merge.moved_json) as MergeRecord;
  const keptId = merge.kept_id;
  const mergedId = merge.merged_id;
  await withTransaction(db, async (trx) => {
    const claimed = await trx
      .updateTable('person_merges')
      .set({ undone_by: actor.userId, undone_at: ctx.now })
      .where('id', '=', mergeId)
      .where('undone_at', 'is', null)
      .executeTakeFirst();
    const released = await trx
      .updateTable('people')
      .set((eb) => ({ merged_into: null, version: eb('version', '+', 1) }))
      .where('id', '=', mergedId)
      .where('merged_into', '=', keptId)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1 || Number(released.numUpdatedRows) !== 1)
      throw new BatonError('BATON_STALE_EDIT');
    await trx
      .updateTable('people')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', keptId)
      .execute();
    for (const moved of record.rows) {
      const ref = ROW_REFERENCES.find((r) => r.table === moved.table && r.column === moved.column);
      if (ref) await repointRows(trx, ref, moved.ids, keptId, mergedId);
    }
    for (const pair of record.pairs) {
      const ref = PAIR_REFERENCES.find((r) => r.table === pair.table && r.column === pair.column);
      if (!ref) continue;
      await repointPairs(trx, ref, pair.moved, keptId, mergedId);
      for (const row of pair.dropped) await insertPair(trx, ref, mergedId, row);
    }
    // The duplicate's own matching keys, in case an edit to the kept record replaced any, or the
    // merge came before a kind of key did (migration 0010 gave those to the record kept).
    const restored = await trx
      .selectFrom('people')
      .selectAll()
      .where('id', '=', mergedId)
      .executeTakeFirstOrThrow();
    await addMissingKeys(trx, mergedId, {
      kind: restored.kind === 'adult' ? 'adult' : 'child',
      givenName: restored.given_name,
      familyName: restored.family_name,
      dateOfBirth: restored.date_of_birth ?? undefined,
      nhsNumber: restored.nhs_number ?? undefined,
      postcode: restored.postcode ?? undefined,
    });
    const children = new Set([
      ...(await childrenOf(trx, keptId, kept.kind)),
      ...(await childrenOf(trx, mergedId, kept.kind)),
    ]);
    for (const childId of children) {
      await appendTimeline(trx, {
        childId,
        at: ctx.now,
        kind: 'person.merge-undone',
        summary: `A merge of two records was undone by ${actor.displayName}; each record has its own history again`,
        objectType: 'person-merge',
        objectId: mergeId,
        actorUserId: actor.userId,
      });
    }
    for (const id of [keptId, mergedId]) {
      await appendAudit(trx, ctx, {
        action: 'person.merge-undo',
        objectType: kept.kind,
        objectId: id,
        outcome: 'allowed',
        reason: `merge ${mergeId} undone`,
      });
    }
  });
  return getMergeUnchecked(db, mergeId);
}

async function mergeRow(db: Kysely<Database>, ctx: RequestContext, id: string, action: string) {
  const row = await db
    .selectFrom('person_merges')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (row) return row;
  await appendAudit(db, ctx, {
    action,
    objectType: 'person-merge',
    objectId: id,
    outcome: 'failed',
    reason: 'not found',
  });
  throw new BatonError('BATON_NOT_FOUND', { message: 'There is no merge with that id.' });
}

/** A merge and what it moved: for the team manager who may undo it. Audited. */
export async function getMerge(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
): Promise<MergeView> {
  const row = await mergeRow(db, ctx, id, 'person.merge-read');
  await authorisePerson(db, ctx, row.kept_id, 'merge', 'person.merge-read');
  await authorisePerson(db, ctx, row.merged_id, 'merge', 'person.merge-read');
  await appendAudit(db, ctx, {
    action: 'person.merge-read',
    objectType: 'person-merge',
    objectId: id,
    outcome: 'allowed',
  });
  return getMergeUnchecked(db, id);
}

async function getMergeUnchecked(db: Kysely<Database>, id: string): Promise<MergeView> {
  const row = await db
    .selectFrom('person_merges')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const people = await db
    .selectFrom('people')
    .select(['id', 'kind', 'given_name', 'family_name'])
    .where('id', 'in', [row.kept_id, row.merged_id])
    .execute();
  const users = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', [row.merged_by, row.undone_by ?? row.merged_by])
    .execute();
  const userName = (uid: string | null) =>
    uid === null ? null : (users.find((u) => u.id === uid)?.display_name ?? uid);
  const summary = (pid: string) => {
    const p = people.find((x) => x.id === pid);
    return {
      id: pid,
      kind: p?.kind ?? 'child',
      givenName: p?.given_name ?? '',
      familyName: p?.family_name ?? '',
    };
  };
  const record = JSON.parse(row.moved_json) as MergeRecord;
  const label = (table: string, column: string) =>
    [...ROW_REFERENCES, ...PAIR_REFERENCES].find((r) => r.table === table && r.column === column)
      ?.label ?? table;
  return {
    id: row.id,
    keptId: row.kept_id,
    mergedId: row.merged_id,
    kept: summary(row.kept_id),
    merged: summary(row.merged_id),
    reason: record.reason,
    mergedAt: row.merged_at,
    mergedBy: userName(row.merged_by) ?? row.merged_by,
    undoneAt: row.undone_at,
    undoneBy: userName(row.undone_by),
    moved: [
      ...record.rows.map((r) => ({ label: label(r.table, r.column), count: r.ids.length })),
      ...record.pairs.map((p) => ({
        label: label(p.table, p.column),
        count: p.moved.length + p.dropped.length,
      })),
    ],
  };
}
