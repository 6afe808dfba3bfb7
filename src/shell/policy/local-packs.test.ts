/**
 * The Stockport, Walsall and Peterborough packs: each loads against the national base, and the
 * rules taken from its seed document are where the guidance puts them.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LevelNumber, ResolvedPack } from '../../core/policy/index.js';
import { DEFAULT_POLICY_DIR, loadPacks } from './pack-files.js';

// Load only these packs and their base, so a pack being edited elsewhere in the folder cannot
// break this suite.
const packs = loadPacks(
  ['national', 'stockport', 'walsall', 'peterborough'].map((id) =>
    join(DEFAULT_POLICY_DIR, `${id}.yaml`),
  ),
);

function pack(id: string): ResolvedPack {
  const p = packs.get(id);
  if (!p) throw new Error(`pack ${id} did not load`);
  return p;
}

const LEVELS: readonly LevelNumber[] = [1, 2, 3, 4];

/** Each local pack, its id prefix, the seed its levels come from, and its front-door name. */
const LOCAL = [
  { id: 'stockport', prefix: 'stk-', levelSeed: '001_c2d1d320047caee7.txt', frontDoor: 'MASSH' },
  { id: 'walsall', prefix: 'wal-', levelSeed: '002_e763c07169324eae.txt', frontDoor: 'MASH' },
  {
    id: 'peterborough',
    prefix: 'pet-',
    levelSeed: '003_1eeb0ade2e7becbd.txt',
    frontDoor: 'MASH / Customer Services Centre',
  },
] as const;

describe('Stockport pack', () => {
  const stockport = pack('stockport');

  // 000 Chapter 3 "The model further explained": Thriving; Getting advice & Signposting; Getting
  // help; Getting more help; Urgent Support.
  it('names the five states of the Response to Need model', () => {
    expect(stockport.states.map((s) => s.name)).toEqual([
      'Thriving',
      'Getting advice & signposting',
      'Getting help',
      'Getting more help',
      'Urgent support',
    ]);
  });

  // 000 Chapter 3 (thriving = "making the best use of universal services"; urgent support = "risk
  // of serious harm"), Chapter 5 (an EHA leading to a TAF plan is "getting more help") against
  // 001 "How levels of need are met" (levels 1-4).
  it('maps each state to a level', () => {
    const levelOf = Object.fromEntries(stockport.states.map((s) => [s.id, s.level]));
    expect(levelOf).toEqual({
      'stk-thriving': 1,
      'stk-getting-advice-signposting': 1,
      'stk-getting-help': 2,
      'stk-getting-more-help': 3,
      'stk-urgent-support': 4,
    });
  });

  // The same passages read the other way: every level 1-4 of 001 has one state.
  it('maps each level to a state', () => {
    expect(stockport.stateForLevel).toEqual({
      1: 'stk-thriving',
      2: 'stk-getting-help',
      3: 'stk-getting-more-help',
      4: 'stk-urgent-support',
    });
  });

  // 000 Chapter 1 Introduction: "This includes unborn children and disabled young people until
  // aged 24 years." A child until their 18th birthday, or 25th if disabled.
  it('extends childhood for disabled young people and includes the unborn', () => {
    expect(stockport.child.underAge).toBe(18);
    expect(stockport.child.disabledUnderAge).toBe(25);
    expect(stockport.child.includesUnborn).toBe(true);
    expect(stockport.child.citation.source).toBe('stk-response-to-need');
  });

  // 000 Chapter 7 "The role of the Multi Agency Safeguarding and Support Hub": "call 0161 217
  // 6028 and select option 1" for immediate harm; option 2 and the online route for help.
  it('gives the MASSH option-1 phone line for immediate harm', () => {
    const urgent = stockport.contactsById.get('stk-massh-urgent');
    expect(urgent?.kind).toBe('front-door');
    expect(urgent?.phones).toContainEqual(
      expect.objectContaining({ number: '0161 217 6028', option: 'option 1' }),
    );
    const massh = stockport.contactsById.get('stk-massh');
    expect(massh?.phones).toContainEqual(
      expect.objectContaining({ number: '0161 217 6028', option: 'option 2' }),
    );
    expect(massh?.online?.label).toBe('Contacting the MASSH - Stockport Council');
    // The second immediate-danger step (after 999) is the option-1 call.
    expect(stockport.immediateDanger[1]?.contact).toBe('stk-massh-urgent');
  });

  // 000 Chapter 3 state criteria and 001 "How levels of need are met": each state's indicators sit
  // at that state's level, with a handful per state.
  it('places every state-criteria indicator at its state level', () => {
    const levelOf = new Map(stockport.states.map((s) => [s.id, s.level]));
    const local = stockport.indicators.filter((i) => i.id.startsWith('stk-'));
    for (const ind of local) {
      expect(ind.state, ind.id).toBeDefined();
      expect(ind.level, ind.id).toBe(levelOf.get(ind.state ?? ''));
    }
    for (const state of stockport.states) {
      const n = local.filter((i) => i.state === state.id).length;
      expect(n, state.id).toBeGreaterThanOrEqual(4);
      expect(n, state.id).toBeLessThanOrEqual(9);
    }
  });

  // 001 "Process/Practice Step Up: Consent": consent from a parent with parental responsibility
  // before an Early Help Episode or EHA.
  it('requires parental consent before an early help episode', () => {
    const ids = stockport.consent.guidance.map((g) => g.id);
    expect(ids).toContain('stk-consent-before-eh-episode');
    expect(ids).toContain('stk-consent-verbal-written-both-parents');
  });
});

describe.each(LOCAL)('$id pack', ({ id, prefix, levelSeed, frontDoor }) => {
  const p = pack(id);
  const ownSources = new Set(p.sources.filter((s) => s.id.startsWith(prefix)).map((s) => s.id));
  const declared = new Set(p.sources.map((s) => s.id));

  it('extends the national pack', () => {
    expect(p.base?.id).toBe('national');
    expect(p.frontDoorName).toBe(frontDoor);
  });

  // The level descriptions of each seed: Stockport 001 "There are 4 levels"; Walsall 002 (level 3
  // "co-ordinated multi agency plan", "Step Down to Level 2", "level four thresholds"); Peterborough
  // 003 "Routes for Stepping Down" and section 1 (single agency, multi-agency, thresholds).
  it('describes levels 1-4, each citing its own seed', () => {
    for (const n of LEVELS) {
      const level = p.levels[n];
      expect(level.level).toBe(n);
      expect(ownSources.has(level.citation.source), `level ${n}`).toBe(true);
      const source = p.sources.find((s) => s.id === level.citation.source);
      expect(source?.file).toBe(levelSeed);
      expect(level.citation.section.length).toBeGreaterThan(0);
    }
  });

  // Stockport 000 Chapter 7 (MASSH); Walsall 002 "What do we do ... 'Step Up'?" (telephone MASH,
  // then MARF); Peterborough 003 section 1 (the Customer Services Centre and MASH).
  it('has a front-door contact from its own seed', () => {
    const frontDoors = p.contacts.filter((c) => c.kind === 'front-door' && c.id.startsWith(prefix));
    expect(frontDoors.length).toBeGreaterThan(0);
    for (const c of frontDoors) expect(ownSources.has(c.citation.source)).toBe(true);
  });

  // National pack, Working Together 2023 Chapter 3: call 999 first; the local front door follows.
  it('puts the national call-999 step first when a child is in immediate danger', () => {
    expect(p.immediateDanger[0]?.id).toBe('call-999');
    expect(p.immediateDanger.length).toBeGreaterThan(1);
    const local = p.immediateDanger.slice(1);
    for (const step of local) expect(step.id.startsWith(prefix)).toBe(true);
    expect(local.some((s) => p.contactsById.get(s.contact ?? '')?.kind === 'front-door')).toBe(
      true,
    );
  });

  // Every passage a rule is drawn from is named: citations point at declared sources.
  it('cites a declared source for every indicator and state', () => {
    for (const ind of p.indicators) {
      expect(declared.has(ind.citation.source), ind.id).toBe(true);
      expect(ind.citation.section.length, ind.id).toBeGreaterThan(0);
    }
    for (const state of p.states) expect(declared.has(state.citation.source), state.id).toBe(true);
  });

  // Ids are prefixed so they stay unique across the national pack and every local pack.
  it('prefixes its own ids', () => {
    const ownIndicators = p.indicators.filter((i) => !i.id.startsWith('national-'));
    const ids = [
      ...ownIndicators.map((i) => i.id),
      ...p.contacts.filter((c) => c.id !== 'emergency-999').map((c) => c.id),
      ...LEVELS.flatMap((n) => p.levels[n].nextSteps.map((s) => s.id)),
      ...p.states.map((s) => s.id),
    ];
    for (const x of ids) expect(x.startsWith(prefix), x).toBe(true);
  });
});
