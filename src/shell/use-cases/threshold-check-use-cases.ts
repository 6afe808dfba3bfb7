/** Use-cases for the levels-of-need check: one call per route, shared by API and pages. */
import type { Kysely } from 'kysely';
import type { LevelNumber, ResolvedPack } from '../../core/policy/index.js';
import {
  evaluateThreshold,
  type OpenTo,
  type ThresholdInput,
  type ThresholdResult,
} from '../../core/threshold/index.js';
import type { Database } from '../db/index.js';
import { findPack } from '../policy/pack-views.js';
import { recordCheck, type RequestContext, type StoredCheck } from '../repositories/index.js';

export interface CheckRequest {
  pack: string;
  indicators: readonly string[];
  ageYears?: number | undefined;
  unborn?: boolean | undefined;
  disabled?: boolean | undefined;
  immediateDanger?: boolean | undefined;
  openTo?: OpenTo | undefined;
  judgement?: { level: LevelNumber; reason?: string | undefined } | undefined;
}

/** Evaluate without recording (for previews and the CLI). */
export function evaluateCheck(
  packs: ReadonlyMap<string, ResolvedPack>,
  req: CheckRequest,
): { input: ThresholdInput; result: ThresholdResult } {
  const pack = findPack(packs, req.pack);
  const input: ThresholdInput = {
    indicatorIds: req.indicators,
    ageYears: req.ageYears,
    unborn: req.unborn,
    disabled: req.disabled,
    immediateDanger: req.immediateDanger,
    openTo: req.openTo,
  };
  return { input, result: evaluateThreshold(pack, input) };
}

/** Evaluate and record a check as a decision under the pack's id and version. */
export async function runAndRecordCheck(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  req: CheckRequest,
): Promise<StoredCheck> {
  const { input, result } = evaluateCheck(packs, req);
  return recordCheck(db, ctx, packs, input, result, req.judgement);
}
