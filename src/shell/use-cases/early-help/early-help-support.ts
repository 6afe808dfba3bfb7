/**
 * What the early help use-cases share: their dependencies, the validation helpers, and finding
 * an episode the actor may change. Internal to this module apart from `EarlyHelpDeps`.
 */
import type { Kysely } from 'kysely';
import { isIsoDate, londonDay } from '../../../core/calendar/index.js';
import { BatonError, type ErrorDetail } from '../../../core/errors/error-catalogue.js';
import type { Workflow } from '../../../core/journey/index.js';
import { STATE_IDS, type LevelNumber, type ResolvedPack } from '../../../core/policy/index.js';
import type { Database } from '../../db/index.js';
import {
  authoriseEpisodeWrite,
  loadEpisode,
  workflowOf,
  type RequestContext,
  type WorkItem,
} from '../../repositories/index.js';

/** What the early help use-cases need from the application. */
export interface EarlyHelpDeps {
  db: Kysely<Database>;
  packs: ReadonlyMap<string, ResolvedPack>;
  /** The deployment's own pack: new episodes run under its workflow. */
  packId: string;
}

/** Nothing was entered (missing, null or only spaces). */
export const blank = (v: string | undefined | null): boolean =>
  v === undefined || v === null || v.trim() === '';
/** The request's date (YYYY-MM-DD). */
export const todayOf = (ctx: RequestContext): string => londonDay(ctx.now);
/** A validation error listing every problem found. */
export const invalid = (details: ErrorDetail[]): BatonError =>
  new BatonError('BATON_VALIDATION', { details });

/** The signed-in actor, or the not-signed-in error. */
export function actorOf(ctx: RequestContext) {
  if (!ctx.actor) throw new BatonError('BATON_NOT_SIGNED_IN');
  return ctx.actor;
}

/** A loaded policy pack, or the unknown-pack error. */
export function packOf(deps: EarlyHelpDeps, id: string): ResolvedPack {
  const pack = deps.packs.get(id);
  if (!pack)
    throw new BatonError('BATON_UNKNOWN_PACK', {
      message: `The policy pack "${id}" is not loaded.`,
    });
  return pack;
}

/** Check a date field is a real date, not after or before the given days. */
export function checkDate(
  details: ErrorDetail[],
  path: string,
  value: string,
  label: string,
  rule: { notAfter?: string; notBefore?: string },
): void {
  if (!isIsoDate(value)) {
    details.push({ path, message: `${label} must be a real date, like 2026-11-23` });
    return;
  }
  if (rule.notAfter !== undefined && value > rule.notAfter)
    details.push({ path, message: `${label} must be today or in the past` });
  if (rule.notBefore !== undefined && value < rule.notBefore)
    details.push({ path, message: `${label} must be today or in the future` });
}

/** The level of need a workflow state stands for, if any. */
export function levelOfState(workflow: Workflow, state: string): LevelNumber | undefined {
  return workflow.states.find((s) => s.id === state)?.level;
}

/** Whether the state is an early help plan (level 2 or 3). */
export function isPlanState(workflow: Workflow, state: string): boolean {
  return levelOfState(workflow, state) === 2 || levelOfState(workflow, state) === 3;
}

/** An episode the actor may change, with its pack and workflow (a refusal is audited). */
export async function writableEpisode(
  deps: EarlyHelpDeps,
  ctx: RequestContext,
  id: string,
  action: string,
): Promise<{ item: WorkItem; pack: ResolvedPack; workflow: Workflow }> {
  const item = await loadEpisode(deps.db, deps.packs, id);
  await authoriseEpisodeWrite(deps.db, ctx, item, action);
  const pack = packOf(deps, item.packId);
  return { item, pack, workflow: workflowOf(pack, item.workflowId) };
}

/** Refuse changes to an episode that is closed or not open yet. */
export function mustBeOpen(item: WorkItem, what: string): void {
  if (item.final)
    throw new BatonError('BATON_TRANSITION_NOT_ALLOWED', {
      message: `The early help episode is closed, so ${what} cannot be changed.`,
    });
  if (item.state === STATE_IDS.episodeProposed)
    throw new BatonError('BATON_TRANSITION_NOT_ALLOWED', {
      message: `The early help episode is not open yet, so ${what} cannot be recorded.`,
    });
}
