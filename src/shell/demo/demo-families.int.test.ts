import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoFamilies } from './demo-families.js';
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
    const tray = await get<{ items?: unknown[] }>('team-manager', '/api/tray');
    expect(JSON.stringify(tray)).toContain('identify-lead-professional');
  });

  it('shows the lead professional an overdue early help assessment', async () => {
    const work = JSON.stringify(await get<unknown>('lead-professional', '/api/my-work'));
    expect(work).toContain('overdue');
  });

  it('shows social care a child protection plan and the early help manager a step-down transfer to authorise', async () => {
    const work = JSON.stringify(await get<unknown>('team-manager', '/api/my-work'));
    expect(work).toContain('First core group');
    const tray = JSON.stringify(await get<unknown>('eh-manager', '/api/tray'));
    expect(tray).toContain('request-step-down-transfer');
    expect(tray).toContain('Fairley');
  });
});
