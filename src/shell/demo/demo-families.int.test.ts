import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedPack } from '../../core/policy/index.js';
import { seedDemoFamilies } from './demo-families.js';
import { EARLY_HELP_WORKFLOW } from './pack-steps.js';
import { loadPacks } from '../policy/pack-files.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';
import { testDialects } from '../testing/test-databases.js';

const dialects = await testDialects();

describe.each(dialects)('demo families on %s', (dialect) => {
  let s: TestServer;
  let created: number;
  beforeAll(async () => {
    s = await startTestServer({ dialect });
    created = await seedDemoFamilies(s.database, loadPacks(), {
      ...s.config,
      demoPassword: 'test-password-123',
    });
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  const get = async <T>(username: string, url: string): Promise<T> => {
    const res = await s.app.inject({
      method: 'GET',
      url,
      headers: { cookie: await apiSignIn(s.app, username) },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T>();
  };

  it('creates families at every stage, once', async () => {
    expect(created).toBe(7);
    expect(await seedDemoFamilies(s.database, loadPacks(), s.config)).toBe(0);
  });

  it('puts a contact in triage and a proposed decision in the manager’s tray', async () => {
    const triage = await get<{ items?: unknown[]; contacts?: unknown[] }>(
      'front-door',
      '/api/triage',
    );
    expect(JSON.stringify(triage)).toContain('Thornbury');
    // Stockport's route to early help (its Early Help Hub), chosen from the pack's data.
    const tray = await get<{ items: { transitionId: string }[] }>('team-manager', '/api/tray');
    expect(tray.items.map((i) => i.transitionId)).toContain('refer-to-early-help-hub');
  });

  it('shows the lead professional an overdue early help assessment', async () => {
    const work = JSON.stringify(await get<unknown>('lead-professional', '/api/my-work'));
    expect(work).toContain('overdue');
  });

  it('shows social care a child protection plan and the early help manager a step-down transfer to authorise', async () => {
    const work = JSON.stringify(await get<unknown>('team-manager', '/api/my-work'));
    expect(work).toContain('First core group');
    // Stockport's step-down transfer waits for the early help manager (its `authorisedIn`).
    const tray = JSON.stringify(await get<unknown>('eh-manager', '/api/tray'));
    expect(tray).toContain('request-step-down-transfer');
    expect(tray).toContain('Fairley');
  });
});

/**
 * A fifth authority: Stockport's pack under another id with every contact and social care step
 * renamed. The demo families still come out whole, because no step is chosen by its id.
 */
function renamedPack(pack: ResolvedPack): ResolvedPack {
  const rename = (id: string) => `fifth-${id}`;
  const workflows = new Map(
    [...pack.workflows].map(([id, w]) => [
      id,
      id === EARLY_HELP_WORKFLOW
        ? w
        : {
            ...w,
            transitions: w.transitions.map((t) => ({
              ...t,
              id: rename(t.id),
              guards: t.guards.map((g) =>
                g.guard === 'eventHappened'
                  ? { ...g, params: { ...g.params, event: rename(String(g.params.event)) } }
                  : g,
              ),
            })),
          },
    ]),
  );
  return { ...pack, id: 'fifth', authority: 'Fifthshire (demo)', workflows };
}

describe('demo families under a pack no code has seen', () => {
  let s: TestServer;
  let created: number;
  beforeAll(async () => {
    s = await startTestServer();
    const shipped = loadPacks();
    const stockport = shipped.get('stockport');
    if (!stockport) throw new Error('the stockport pack is missing');
    const packs = new Map([...shipped, ['fifth', renamedPack(stockport)]]);
    created = await seedDemoFamilies(s.database, packs, {
      ...s.config,
      packId: 'fifth',
      demoPassword: 'test-password-123',
    });
  }, 240_000);
  afterAll(async () => {
    await s.close();
  });

  it('creates every family, taking only the renamed steps', async () => {
    expect(created).toBe(7);
    const steps = await s.database.db
      .selectFrom('transitions')
      .innerJoin('work_items', 'work_items.id', 'transitions.work_item_id')
      .select(['transitions.transition_id', 'work_items.workflow_id', 'work_items.pack_id'])
      .execute();
    const outsideEarlyHelp = steps.filter((t) => t.workflow_id !== EARLY_HELP_WORKFLOW);
    expect(outsideEarlyHelp.length).toBeGreaterThan(5);
    for (const t of outsideEarlyHelp) {
      expect(t.transition_id).toMatch(/^fifth-/);
      expect(t.pack_id).toBe('fifth');
    }
  });
});
