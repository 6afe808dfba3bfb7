/** Plain-JSON views of a resolved pack, shared by the API and the CLI (`policy show --json`). */
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { LevelNumber, ResolvedPack } from '../../core/policy/index.js';
import { packWorkflows } from './pack-workflow-view.js';

const LEVELS = [1, 2, 3, 4] as const satisfies readonly LevelNumber[];

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

/**
 * The whole pack without its lookup maps: the machine contract of `baton policy show --json` and
 * GET /api/policy-packs/{id}. `indicators` is one flat list of `{ id, level, domain, text, citation, … }`;
 * `workflows` lists each workflow's states and steps with their rules and deadlines.
 */
export function packDetail(pack: ResolvedPack) {
  return {
    ...packSummary(pack),
    description: pack.description ?? null,
    sources: pack.sources,
    child: pack.child,
    levels: LEVELS.map((n) => pack.levels[n]),
    states: pack.states,
    stateForLevel: pack.stateForLevel,
    domains: pack.domains,
    // Fixed key order, so the output reads the same whichever order the YAML used.
    indicators: pack.indicators.map((i) => ({
      id: i.id,
      level: i.level,
      domain: i.domain,
      subDomain: i.subDomain,
      state: i.state,
      text: i.text,
      citation: i.citation,
      uncertain: i.uncertain,
      note: i.note,
    })),
    accumulation: pack.accumulation,
    contacts: pack.contacts,
    immediateDanger: pack.immediateDanger,
    consent: pack.consent,
    openCases: pack.openCases,
    workflows: packWorkflows(pack),
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
