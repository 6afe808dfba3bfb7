import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoFamilies } from '../../demo/demo-families.js';
import { loadPacks } from '../../policy/pack-files.js';
import { testDialects } from '../../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../../testing/test-server.js';

const dialects = await testDialects();

describe.each(dialects)('My work lists the oldest requests waiting, on %s', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ dialect });
    await seedDemoFamilies(s.database, loadPacks(), {
      ...s.config,
      demoPassword: 'test-password-123',
    });
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  const get = async (username: string, url: string) => {
    const res = await s.app.inject({
      method: 'GET',
      url,
      headers: { cookie: await apiSignIn(s.app, username) },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };
  const waitingBox = async () =>
    /id="waiting-for-you"[\s\S]*?<\/div>/.exec((await get('team-manager', '/my-work')).body)?.[0] ??
    '';

  it('shows every request while there are few, then the 10 asked for longest ago; the tray has all', async () => {
    const few = await waitingBox();
    expect(few).toContain('href="/tray"');
    expect(few).not.toContain('more are waiting');
    const tray = await get('team-manager', '/api/tray');
    const items = tray.json<{ items: { transitionRecordId: string }[] }>().items;
    expect(items.length).toBeGreaterThan(0);
    // Synthetic copies of a waiting request, asked for on 12 days in January 2020 (the oldest).
    const db = s.database.db;
    const row = await db
      .selectFrom('transitions')
      .selectAll()
      .where('id', '=', items[0]?.transitionRecordId ?? '')
      .executeTakeFirstOrThrow();
    const copies = Array.from({ length: 12 }, (_, i) => ({
      ...row,
      id: randomUUID(),
      requested_at: `2020-01-${String(i + 10)}T09:00:00.000Z`,
    }));
    await db.insertInto('transitions').values(copies).execute();

    const many = await waitingBox();
    expect(many.match(/<li>/g)).toHaveLength(10);
    expect(many).toContain('These are the 10 asked for longest ago: more are waiting.');
    expect(many).toContain('href="/tray"');
    const all = (await get('team-manager', '/api/tray')).json<{ items: unknown[] }>().items;
    expect(all).toHaveLength(items.length + 12);
  });
});
