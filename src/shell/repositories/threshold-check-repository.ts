/**
 * Recorded levels-of-need checks. Each is a decision record: input, suggested level, the pack id
 * and version it was made under, and (later) the practitioner's own judgement with a reason.
 * Every read and write is access-checked and audited, allowed or refused.
 */
import { withTransaction } from '../db/unit-of-work.js';
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { decideAccess, type AccessRequest, type Actor } from '../../core/access/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { LevelNumber, ResolvedPack } from '../../core/policy/index.js';
import {
  judgementCitations,
  recordJudgement,
  type JudgementCitation,
  type ThresholdInput,
  type ThresholdResult,
} from '../../core/threshold/index.js';
import type { Database } from '../db/index.js';
import { appendAudit, refuse } from './audit-repository.js';
import type { RequestContext } from './request-context.js';

export interface StoredCheck {
  id: string;
  packId: string;
  packVersion: string;
  basePack: { id: string; version: string } | null;
  input: ThresholdInput;
  /** The result exactly as shown when the check was made. */
  result: ThresholdResult;
  suggestedLevel: LevelNumber;
  stateId: string | null;
  immediateDanger: boolean;
  /** With the citations of the level (and state) it was made under; none for judgements older than them. */
  judgement: {
    level: LevelNumber;
    reason: string | null;
    at: string;
    citations: JudgementCitation[];
  } | null;
  createdBy: string;
  agencyId: string;
  createdAt: string;
  version: number;
}

async function authorise(
  db: Kysely<Database>,
  ctx: RequestContext,
  request: AccessRequest,
  objectId: string | null,
): Promise<Actor> {
  const actor = ctx.actor;
  const decision = actor
    ? decideAccess(actor, request)
    : { allowed: false as const, reason: 'not signed in' };
  if (!actor || !decision.allowed) {
    throw await refuse(db, ctx, {
      action: request.action,
      objectType: 'threshold-check',
      objectId,
      reason: decision.allowed ? null : decision.reason,
    });
  }
  return actor;
}

/** The pack a check was made under, for the citations of a judgement on it. */
function packOf(packs: ReadonlyMap<string, ResolvedPack>, packId: string): ResolvedPack {
  const pack = packs.get(packId);
  if (!pack)
    throw new BatonError('BATON_UNKNOWN_PACK', {
      message: `The check was made under the policy pack "${packId}", which is not loaded.`,
    });
  return pack;
}

/** Record a check the practitioner has just run (with their judgement, and its citations). */
export async function recordCheck(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  input: ThresholdInput,
  result: ThresholdResult,
  judgement?: { level: LevelNumber; reason?: string | undefined },
): Promise<StoredCheck> {
  const actor = await authorise(db, ctx, { action: 'threshold-check.create' }, null);
  // Validate the judgement before writing anything: nothing half-written.
  const j = judgement
    ? recordJudgement(result.suggestedLevel, judgement.level, judgement.reason)
    : null;
  const id = randomUUID();
  await withTransaction(db, async (trx) => {
    await trx
      .insertInto('threshold_checks')
      .values({
        id,
        pack_id: result.packId,
        pack_version: result.packVersion,
        base_pack_id: result.basePack?.id ?? null,
        base_pack_version: result.basePack?.version ?? null,
        input_json: JSON.stringify(input),
        result_json: JSON.stringify(result),
        suggested_level: result.suggestedLevel,
        state_id: result.state?.id ?? null,
        immediate_danger: result.immediateDanger ? 1 : 0,
        practitioner_level: j?.level ?? null,
        practitioner_reason: j?.reason ?? null,
        judged_at: j ? ctx.now : null,
        judgement_citations: j
          ? JSON.stringify(judgementCitations(packOf(packs, result.packId), j.level))
          : null,
        created_by: actor.userId,
        agency_id: actor.agencyId,
        created_at: ctx.now,
        version: 1,
      })
      .execute();
    await appendAudit(trx, ctx, {
      action: 'threshold-check.create',
      objectType: 'threshold-check',
      objectId: id,
      outcome: 'allowed',
    });
  });
  const stored = await loadCheck(db, id);
  if (!stored) throw new BatonError('BATON_INTERNAL');
  return stored;
}

/** Read one recorded check. */
export async function getCheck(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
): Promise<StoredCheck> {
  const check = await loadCheck(db, id);
  if (!check) {
    await appendAudit(db, ctx, {
      action: 'threshold-check.read',
      objectType: 'threshold-check',
      objectId: id,
      outcome: 'failed',
      reason: 'not found',
    });
    throw new BatonError('BATON_NOT_FOUND', {
      message: 'There is no recorded check with that id.',
    });
  }
  await authorise(
    db,
    ctx,
    { action: 'threshold-check.read', createdBy: check.createdBy, agencyId: check.agencyId },
    id,
  );
  await appendAudit(db, ctx, {
    action: 'threshold-check.read',
    objectType: 'threshold-check',
    objectId: id,
    outcome: 'allowed',
  });
  return check;
}

/**
 * Record the practitioner's own level. A different level needs a reason. `expectedVersion`
 * guards against lost updates: a stale edit gets BATON_STALE_EDIT (409) and changes nothing.
 */
export async function judgeCheck(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  id: string,
  judgement: {
    level: LevelNumber;
    reason?: string | null | undefined;
    expectedVersion?: number | undefined;
  },
): Promise<StoredCheck> {
  const check = await loadCheck(db, id);
  if (!check)
    throw new BatonError('BATON_NOT_FOUND', {
      message: 'There is no recorded check with that id.',
    });
  await authorise(db, ctx, { action: 'threshold-check.judge', createdBy: check.createdBy }, id);
  const j = recordJudgement(check.suggestedLevel, judgement.level, judgement.reason);
  const citations = judgementCitations(packOf(packs, check.packId), j.level);
  const expected = judgement.expectedVersion ?? check.version;
  await withTransaction(db, async (trx) => {
    const res = await trx
      .updateTable('threshold_checks')
      .set({
        practitioner_level: j.level,
        practitioner_reason: j.reason,
        judged_at: ctx.now,
        judgement_citations: JSON.stringify(citations),
        version: expected + 1,
      })
      .where('id', '=', id)
      .where('version', '=', expected)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      throw new BatonError('BATON_STALE_EDIT');
    }
    await appendAudit(trx, ctx, {
      action: 'threshold-check.judge',
      objectType: 'threshold-check',
      objectId: id,
      outcome: 'allowed',
    });
  });
  const updated = await loadCheck(db, id);
  if (!updated) throw new BatonError('BATON_INTERNAL');
  return updated;
}

/** The signed-in practitioner's own recent checks (filtered in SQL). */
export async function listMyChecks(
  db: Kysely<Database>,
  ctx: RequestContext,
  limit = 20,
): Promise<StoredCheck[]> {
  const actor = await authorise(db, ctx, { action: 'threshold-check.list-own' }, null);
  const rows = await db
    .selectFrom('threshold_checks')
    .selectAll()
    .where('created_by', '=', actor.userId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  await appendAudit(db, ctx, {
    action: 'threshold-check.list-own',
    objectType: 'threshold-check',
    outcome: 'allowed',
  });
  return rows.map(toStored);
}

async function loadCheck(db: Kysely<Database>, id: string): Promise<StoredCheck | null> {
  const row = await db
    .selectFrom('threshold_checks')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toStored(row) : null;
}

function toStored(row: Selectable<Database['threshold_checks']>): StoredCheck {
  return {
    id: row.id,
    packId: row.pack_id,
    packVersion: row.pack_version,
    basePack:
      row.base_pack_id !== null && row.base_pack_version !== null
        ? { id: row.base_pack_id, version: row.base_pack_version }
        : null,
    input: JSON.parse(row.input_json) as ThresholdInput,
    result: JSON.parse(row.result_json) as ThresholdResult,
    suggestedLevel: row.suggested_level as LevelNumber,
    stateId: row.state_id,
    immediateDanger: row.immediate_danger === 1,
    judgement:
      row.practitioner_level !== null && row.judged_at !== null
        ? {
            level: row.practitioner_level as LevelNumber,
            reason: row.practitioner_reason,
            at: row.judged_at,
            citations:
              row.judgement_citations === null
                ? []
                : (JSON.parse(row.judgement_citations) as JudgementCitation[]),
          }
        : null,
    createdBy: row.created_by,
    agencyId: row.agency_id,
    createdAt: row.created_at,
    version: row.version,
  };
}
