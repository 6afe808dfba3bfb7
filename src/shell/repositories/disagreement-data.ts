/** What the disagreement repositories share (not exported from the module). */
import { BatonError } from '../../core/errors/error-catalogue.js';
import { WORKFLOW_IDS, type ResolvedPack } from '../../core/policy/index.js';

export const WORKFLOW = WORKFLOW_IDS.disagreement;

/** A string from a disagreement's JSON data, or ''. */
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The pack a disagreement runs under. */
export function packFor(packs: ReadonlyMap<string, ResolvedPack>, id: string): ResolvedPack {
  const pack = packs.get(id);
  if (!pack) throw new BatonError('BATON_UNKNOWN_PACK');
  return pack;
}
