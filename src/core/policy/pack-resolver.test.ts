import { describe, expect, it } from 'vitest';
import { BatonError } from '../errors/error-catalogue.js';
import { fixturePackDocuments } from '../testing/fixture-packs.js';
import { packDocumentSchema, type PackDocumentInput } from './pack-schema.js';
import { resolvePackSet, validatePackObject } from './pack-resolver.js';

const [baseDoc, localDoc] = fixturePackDocuments() as [PackDocumentInput, PackDocumentInput];

function resolveWith(local: PackDocumentInput) {
  return resolvePackSet([
    { doc: packDocumentSchema.parse(baseDoc), file: 'base.yaml' },
    { doc: packDocumentSchema.parse(local), file: 'local.yaml' },
  ]);
}

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(BatonError);
    expect((e as BatonError).code).toBe('BATON_INVALID_PACK');
    return (e as BatonError).details.map((d) => `${d.path}: ${d.message}`);
  }
  throw new Error('expected the pack to be refused');
}

describe('pack schema', () => {
  it('names the path and reason of every problem', () => {
    const bad = { ...localDoc, version: 'one', indicators: [{ id: 'Bad Id', level: 5 }] };
    const found = problems(() => validatePackObject(bad, 'local.yaml'));
    expect(found).toContain('version: use a version like 1.0.0');
    expect(found.some((p) => p.startsWith('indicators.0.id: use lower-case'))).toBe(true);
    expect(found).toContain('indicators.0.level: use a level from 1 to 4');
    expect(found.some((p) => p.startsWith('indicators.0.text'))).toBe(true);
  });

  it('refuses unknown top-level sections (a typo must not pass silently)', () => {
    expect(
      problems(() => validatePackObject({ ...localDoc, indicatorz: [] }, 'x.yaml'))[0],
    ).toMatch(/indicatorz/);
  });
});

describe('pack resolution', () => {
  it('merges a local pack with its base: indicators, contacts, emergency steps, consent', () => {
    const pack = resolveWith(localDoc).get('local');
    expect(pack?.base).toEqual({ id: 'base', version: '1.0.0' });
    expect(pack?.immediateDanger.map((s) => s.id)).toEqual(['call-999', 'phone-front']);
    expect(pack?.contacts.map((c) => c.id).sort()).toEqual(['emergency', 'front']);
    expect(pack?.consent.guidance.map((g) => g.id)).toEqual(['ask']);
    expect(pack?.child.underAge).toBe(18);
  });

  it('refuses citations of undeclared sources, unknown contacts, domains and states', () => {
    const found = problems(() =>
      resolveWith({
        ...localDoc,
        indicators: [
          {
            id: 'x',
            level: 2,
            domain: 'nowhere',
            text: 'X',
            citation: { source: 'ghost', section: 'S' },
          },
          {
            id: 'y',
            level: 2,
            domain: 'health',
            subDomain: 'mental',
            state: 'calm',
            text: 'Y',
            citation: { source: 'doc', section: 'S' },
          },
        ],
        immediateDanger: [
          { id: 'z', text: 'Z', contact: 'nobody', citation: { source: 'doc', section: 'S' } },
        ],
      }),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        'indicators.0.citation: cites unknown source "ghost"',
        'indicators.0.domain: unknown domain "nowhere"',
        'indicators.1.subDomain: unknown sub-domain "mental" in domain "health"',
        'indicators.1.state: unknown state "calm"',
        'immediateDanger.0.contact: names unknown contact "nobody"',
      ]),
    );
  });

  it('refuses duplicate ids, a missing base and a pack that names states without mapping every level', () => {
    const dup = problems(() =>
      resolveWith({
        ...localDoc,
        indicators: [
          ...(localDoc.indicators ?? []),
          { ...(localDoc.indicators?.[0] ?? {}) },
        ] as PackDocumentInput['indicators'],
      }),
    );
    expect(dup).toContain('indicators: id "l1-a" is used more than once');
    expect(
      problems(() =>
        resolvePackSet([{ doc: packDocumentSchema.parse(localDoc), file: 'local.yaml' }]),
      ),
    ).toContain('extends: base pack "base" is not loaded');
    const states = problems(() =>
      resolveWith({
        ...localDoc,
        states: [
          {
            id: 'calm',
            name: 'Calm',
            description: 'Calm',
            level: 1,
            citation: { source: 'doc', section: 'S' },
          },
        ],
        stateForLevel: [{ level: 1, state: 'calm', citation: { source: 'doc', section: 'S' } }],
      }),
    );
    expect(states).toContain('stateForLevel: the pack names states but level 2 has no state');
  });

  it('refuses two packs with the same id and packs that extend each other in a loop', () => {
    const doc = packDocumentSchema.parse(baseDoc);
    expect(
      problems(() =>
        resolvePackSet([
          { doc, file: 'a.yaml' },
          { doc, file: 'b.yaml' },
        ]),
      )[0],
    ).toMatch(/also used by a\.yaml/);
    const a = packDocumentSchema.parse({ ...localDoc, id: 'a', extends: 'b' });
    const b = packDocumentSchema.parse({ ...localDoc, id: 'b', extends: 'a' });
    expect(
      problems(() =>
        resolvePackSet([
          { doc: a, file: 'a.yaml' },
          { doc: b, file: 'b.yaml' },
        ]),
      )[0],
    ).toMatch(/loop/);
  });
});

describe('follow-on work (`starts`)', () => {
  const cite = { source: 'doc', section: 'S' };
  const workflow = (id: string, starts: Record<string, unknown>) => ({
    id,
    name: id,
    initial: 'open',
    citation: cite,
    states: [
      { id: 'open', name: 'Open' },
      { id: 'done', name: 'Done', final: true },
    ],
    transitions: [
      {
        id: 'finish',
        name: 'Finish',
        from: ['open'],
        to: 'done',
        requestedBy: ['social-worker'],
        starts,
        citation: cite,
      },
    ],
  });

  it('refuses a step that starts an unknown workflow, state or timescale', () => {
    const found = problems(() =>
      resolveWith({
        ...localDoc,
        workflows: [
          workflow('a', { workflow: 'ghost' }),
          workflow('b', { workflow: 'a', state: 'nowhere' }),
          workflow('c', { workflow: 'a', opensDeadlines: ['never'] }),
        ],
      } as PackDocumentInput),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        'workflows.0.transitions.0.starts: unknown workflow "ghost"',
        'workflows.1.transitions.0.starts: workflow "a" has no state "nowhere"',
        'workflows.2.transitions.0.starts.opensDeadlines: unknown timescale "never"',
      ]),
    );
  });

  it('accepts a step that starts another workflow of the pack in a named state', () => {
    const packs = resolveWith({
      ...localDoc,
      workflows: [
        workflow('a', { workflow: 'b', state: 'done' }),
        workflow('b', { workflow: 'a' }),
      ],
    } as PackDocumentInput);
    const local = [...packs.values()].find((p) => p.workflows.has('a'));
    expect(local?.workflows.get('a')?.transitions[0]?.starts).toEqual({
      workflow: 'b',
      state: 'done',
      opensDeadlines: [],
    });
  });

  it('refuses a step recorded as the decision of a panel the pack does not have', () => {
    const decidedBy = (panel: string) => {
      const w = workflow('a', { workflow: 'a' });
      return { ...w, transitions: w.transitions.map((t) => ({ ...t, panel })) };
    };
    expect(
      problems(() =>
        resolveWith({ ...localDoc, workflows: [decidedBy('ghost-panel')] } as PackDocumentInput),
      ),
    ).toEqual([
      expect.stringMatching(/^workflows\.0\.transitions\.0\.panel: unknown panel "ghost-panel"/),
    ]);
    const panel = {
      id: 'hub',
      name: 'Hub',
      purpose: 'Decides',
      cadence: { every: 1, unit: 'weeks', anchor: '2026-01-05' },
      coordinatedBy: ['team-manager'],
      citation: cite,
    };
    const packs = resolveWith({
      ...localDoc,
      panels: [panel],
      workflows: [decidedBy('hub')],
    } as PackDocumentInput);
    const local = [...packs.values()].find((p) => p.workflows.has('a'));
    expect(local?.workflows.get('a')?.transitions[0]?.panel).toBe('hub');
  });
});

describe('a step asked for at once (`thenRequests`)', () => {
  const cite = { source: 'doc', section: 'S' };
  const workflow = (thenRequests: string, authorised: boolean) => ({
    id: 'w',
    name: 'w',
    initial: 'open',
    citation: cite,
    states: [
      { id: 'open', name: 'Open' },
      { id: 'agreed', name: 'Agreed' },
      { id: 'done', name: 'Done', final: true },
    ],
    transitions: [
      {
        id: 'agree',
        name: 'Agree',
        from: ['open'],
        to: 'agreed',
        requestedBy: ['social-worker'],
        thenRequests,
        citation: cite,
      },
      {
        id: 'finish',
        name: 'Finish',
        from: ['agreed'],
        to: 'done',
        requestedBy: ['social-worker'],
        ...(authorised ? { authorisedBy: ['team-manager'] } : {}),
        citation: cite,
      },
    ],
  });

  it('refuses a step that is not open from the state entered, or that needs nobody to authorise it', () => {
    for (const [then, authorised] of [
      ['agree', true],
      ['finish', false],
      ['ghost', true],
    ] as const)
      expect(
        problems(() =>
          resolveWith({
            ...localDoc,
            workflows: [workflow(then, authorised)],
          } as PackDocumentInput),
        ),
      ).toContain(
        `workflows.0.transitions.0.thenRequests: "${then}" must be a step from "agreed" that waits for authorisation`,
      );
  });

  it('accepts a step from the state entered that waits for authorisation', () => {
    const packs = resolveWith({
      ...localDoc,
      workflows: [workflow('finish', true)],
    } as PackDocumentInput);
    const local = [...packs.values()].find((p) => p.workflows.has('w'));
    expect(local?.workflows.get('w')?.transitions[0]?.thenRequests).toBe('finish');
  });
});
