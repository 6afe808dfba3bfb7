/**
 * Issue 13 item 14, insecure defaults: production refuses demo accounts and cookies sent over
 * plain HTTP; sessions end when idle (30 minutes) and 12 hours after sign-in whatever; passwords
 * follow the NCSC's guidance wherever one is set.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBatonError } from '../../core/errors/error-catalogue.js';
import { DEMO_USERS, seedDemoData } from '../demo/demo-data.js';
import { createUser } from '../repositories/index.js';
import { createTestDatabase } from '../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';
import { readConfig } from './config.js';
import { startServer, startupFailureMessage } from './start.js';

describe('production mode', () => {
  const start = async (env: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-prod-'));
    const sqlitePath = join(dir, 'baton.sqlite');
    const config = readConfig({ BATON_SQLITE_PATH: sqlitePath, PORT: '0', ...env });
    const outcome = await startServer(config, () => undefined).then(
      (started) => ({ started, error: null }),
      (error: unknown) => ({ started: null, error }),
    );
    return { ...outcome, sqlitePath };
  };

  it.each<Record<string, string>>([{ NODE_ENV: 'production' }, { BATON_ENV: 'production' }])(
    'refuses to start with the defaults (%o), naming each unsafe setting, before writing anything',
    async (env) => {
      const { started, error, sqlitePath } = await start(env);
      await started?.close();
      expect(isBatonError(error) && error.code).toBe('BATON_UNSAFE_CONFIGURATION');
      const message = startupFailureMessage(error);
      expect(message).toContain('[BATON_UNSAFE_CONFIGURATION]');
      expect(message).toContain('BATON_DEMO_DATA');
      expect(message).toContain('BATON_COOKIE_SECURE');
      expect(existsSync(sqlitePath)).toBe(false);
    },
  );

  it('refuses demo data alone, and secure cookies alone, too', async () => {
    const a = await start({ NODE_ENV: 'production', BATON_COOKIE_SECURE: 'true' });
    expect(startupFailureMessage(a.error)).toContain('\n  BATON_DEMO_DATA: ');
    expect(startupFailureMessage(a.error)).not.toContain('\n  BATON_COOKIE_SECURE: ');
    const b = await start({ NODE_ENV: 'production', BATON_DEMO_DATA: 'false' });
    expect(startupFailureMessage(b.error)).toContain('\n  BATON_COOKIE_SECURE: ');
    expect(startupFailureMessage(b.error)).not.toContain('\n  BATON_DEMO_DATA: ');
  });

  it('starts with no demo data and Secure cookies', async () => {
    const { started, error } = await start({
      NODE_ENV: 'production',
      BATON_DEMO_DATA: 'false',
      BATON_COOKIE_SECURE: 'true',
    });
    expect(error).toBeNull();
    const users = await started?.handle.db.selectFrom('users').select('id').execute();
    expect(users).toEqual([]);
    await started?.close();
  });
});

describe('session lifetimes', () => {
  let server: TestServer;
  let now = Date.parse('2026-03-02T09:00:00.000Z');
  const minutes = (n: number) => n * 60_000;
  beforeAll(async () => {
    // The configured default, not the test servers' long one (their clocks jump between requests).
    const { idleMinutes } = readConfig({}).sessionLifetimes;
    server = await startTestServer({
      clock: () => new Date(now),
      env: { BATON_SESSION_IDLE_MINUTES: String(idleMinutes) },
    });
  });
  afterAll(async () => {
    await server.close();
  });
  const status = async (cookie: string) =>
    (await server.app.inject({ method: 'GET', url: '/api/my-work', headers: { cookie } }))
      .statusCode;
  const lastSeen = async () =>
    (
      await server.database.db
        .selectFrom('sessions')
        .select('last_seen_at')
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow()
    ).last_seen_at;

  it('ends a session after 30 minutes without a request', async () => {
    const cookie = await apiSignIn(server.app, 'practitioner');
    now += minutes(29);
    expect(await status(cookie)).toBe(200);
    now += minutes(29); // 29 minutes since the last request: still in
    expect(await status(cookie)).toBe(200);
    now += minutes(30);
    expect(await status(cookie)).toBe(401);
  });

  it('writes last_seen_at at most once a minute', async () => {
    const cookie = await apiSignIn(server.app, 'dsl');
    const signedInAt = await lastSeen();
    now += 20_000;
    expect(await status(cookie)).toBe(200);
    now += 20_000;
    expect(await status(cookie)).toBe(200);
    expect(await lastSeen()).toBe(signedInAt);
    now += 30_000;
    expect(await status(cookie)).toBe(200);
    expect(await lastSeen()).toBe(new Date(now).toISOString());
  });

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const cookie = await apiSignIn(server.app, 'front-door');
    for (let elapsed = 0; elapsed < 12 * 60 - 20; elapsed += 20) {
      now += minutes(20);
      expect(await status(cookie), `after ${String(elapsed + 20)} minutes`).toBe(200);
    }
    now += minutes(21);
    expect(await status(cookie)).toBe(401);
  });

  it('does not give the session cookie a lifetime of its own (the server decides)', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'auditor', password: 'test-password-123' },
    });
    const cookie = res.cookies.find((c) => c.name === 'baton_session');
    expect(cookie?.maxAge).toBeUndefined();
    expect(cookie?.expires).toBeUndefined();
  });
});

describe('configurable session lifetimes', () => {
  let server: TestServer;
  let now = Date.parse('2026-03-02T09:00:00.000Z');
  beforeAll(async () => {
    server = await startTestServer({
      clock: () => new Date(now),
      env: { BATON_SESSION_IDLE_MINUTES: '5', BATON_SESSION_MAX_HOURS: '1' },
    });
  });
  afterAll(async () => {
    await server.close();
  });
  const status = async (cookie: string) =>
    (await server.app.inject({ method: 'GET', url: '/api/my-work', headers: { cookie } }))
      .statusCode;

  it('uses BATON_SESSION_IDLE_MINUTES and BATON_SESSION_MAX_HOURS', async () => {
    const idle = await apiSignIn(server.app, 'practitioner');
    now += 6 * 60_000;
    expect(await status(idle)).toBe(401);
    const busy = await apiSignIn(server.app, 'practitioner');
    for (let i = 0; i < 14; i++) {
      now += 4 * 60_000;
      expect(await status(busy)).toBe(200);
    }
    now += 5 * 60_000;
    expect(await status(busy)).toBe(401);
  });
});

describe('password policy wherever a password is set', () => {
  const newUser = async (password: string) => {
    const database = await createTestDatabase('sqlite');
    try {
      await database.db
        .insertInto('agencies')
        .values({ id: 'a1', name: 'School (synthetic)', kind: 'school', created_at: '2026-01-01' })
        .execute();
      return await createUser(
        database.db,
        { username: 'new', displayName: 'New (synthetic)', agencyId: 'a1', roles: [], password },
        '2026-03-02T09:00:00.000Z',
      ).then(
        () => null,
        (e: unknown) => e,
      );
    } finally {
      await database.drop();
    }
  };

  it.each(['short-pass', 'Password1234', 'qwertyuiop123', '123456789012'])(
    'refuses %s with BATON_WEAK_PASSWORD',
    async (password) => {
      const error = await newUser(password);
      expect(isBatonError(error) && error.code).toBe('BATON_WEAK_PASSWORD');
    },
  );

  it('accepts a long passphrase without composition rules', async () => {
    expect(await newUser('purple tractor window')).toBeNull();
  });

  it('refuses a weak demo password at start-up, before any demo account exists', async () => {
    const database = await createTestDatabase('sqlite');
    try {
      const error = await seedDemoData(database.db, 'baton2026', '2026-03-02T09:00:00.000Z').then(
        () => null,
        (e: unknown) => e,
      );
      expect(isBatonError(error) && error.code).toBe('BATON_WEAK_PASSWORD');
      const users = await database.db.selectFrom('users').select('username').execute();
      expect(users.filter((u) => DEMO_USERS.some((d) => d.username === u.username))).toEqual([]);
    } finally {
      await database.drop();
    }
  });
});
