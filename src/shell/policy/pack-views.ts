/** Plain-JSON views of a resolved pack, shared by the API and the CLI (`policy show --json`). */
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { ResolvedPack } from '../../core/policy/index.js';

export function packSummary(pack: ResolvedPack) {
  return {
    id: pack.id,
    authority: pack.authority,
    version: pack.version,
    effectiveFrom: pack.effectiveFrom,
    base: pack.base,
    frontDoorName: pack.frontDoorName,
    indicatorCount: pack.indicators.length,
  };
}

/** The whole pack with a flat `indicators` array of `{ id, level, domain, text, citation, … }`. */
export function packDetail(pack: ResolvedPack) {
  return {
    ...packSummary(pack),
    description: pack.description,
    sources: pack.sources,
    child: pack.child,
    levels: Object.values(pack.levels),
    states: pack.states,
    stateForLevel: Object.fromEntries(Object.entries(pack.stateForLevel).map(([k, v]) => [k, v])),
    domains: pack.domains,
    indicators: pack.indicators,
    accumulation: pack.accumulation,
    contacts: pack.contacts,
    immediateDanger: pack.immediateDanger,
    consent: pack.consent,
    openCases: pack.openCases,
  };
}

/** Find a pack by id or throw BATON_UNKNOWN_PACK naming the loaded ones. */
export function findPack(packs: ReadonlyMap<string, ResolvedPack>, id: string): ResolvedPack {
  const pack = packs.get(id);
  if (!pack) {
    throw new BatonError('BATON_UNKNOWN_PACK', {
      message: `There is no policy pack "${id}". Loaded packs: ${[...packs.keys()].join(', ')}.`,
      extra: { available: [...packs.keys()] },
    });
  }
  return pack;
}
