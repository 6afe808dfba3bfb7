/**
 * Issue 15 §6 in one process: `/health/live` and `/health/ready` (database, migrations, packs),
 * structured logs that carry the request id and no personal data, and a shutdown that lets a
 * request in flight finish while refusing new connections.
 */
import { MIGRATIONS } from '../db/migrations/index.js';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPacks } from '../policy/pack-files.js';
import { createTestDatabase } from '../testing/test-databases.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { buildApp } from './app.js';
import { readConfig } from './config.js';

const packs = loadPacks();

describe('health', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s.close();
  });

  it('is live, and ready when the database answers, is migrated and the pack is loaded', async () => {
    const live = await s.app.inject({ url: '/health/live' });
    expect(live.json()).toEqual({ status: 'ok' });
    const ready = await s.app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok', packs: 'ok' },
    });
  });

  it('is not ready on a database a migration short, nor without the deployment’s pack', async () => {
    const old = await createTestDatabase('sqlite', {
      // Every migration but the newest.
      migratedThrough: MIGRATIONS.at(-2)?.name ?? '',
    });
    const app = await buildApp({
      handle: old,
      packs,
      config: readConfig({ BATON_LOG_LEVEL: 'silent', BATON_PACK: 'nowhere' }),
      logger: false,
    });
    try {
      const res = await app.inject({ url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({
        status: 'not ready',
        checks: {
          database: 'ok',
          migrations: '1 migrations not applied',
          packs: 'the deployment\'s pack "nowhere" is not loaded',
        },
      });
      expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
      await old.close();
      const closed = await app.inject({ url: '/health/ready' });
      expect(closed.json()).toMatchObject({ checks: { database: 'the database does not answer' } });
    } finally {
      await app.close();
    }
  });
});

describe('logs', () => {
  it('carry the request id on every line of a request and no personal data', async () => {
    const lines: string[] = [];
    const database = await createTestDatabase('sqlite');
    const app = await buildApp({
      handle: database,
      packs,
      config: readConfig({ BATON_LOG_LEVEL: 'info' }),
      logStream: { write: (line: string) => lines.push(line) },
    });
    try {
      const failed = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username: 'Zebedee.Secretname', password: 'hunter2-is-my-password' },
      });
      expect(failed.statusCode).toBe(401);
      const requestId = failed.json<{ error: { requestId: string } }>().error.requestId;
      await app.inject({
        url: '/api/people/search?familyName=Quimbleton&dateOfBirth=2019-02-03',
        headers: { cookie: 'baton_session=not-a-real-session-token' },
      });
      await app.inject({ url: '/sign-in/link/a-one-time-link-token-value' });
      const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const ofSignIn = records.filter((r) => r['reqId'] === requestId);
      expect(ofSignIn.map((r) => r['msg'])).toEqual(['incoming request', 'request completed']);
      expect(ofSignIn[0]).toMatchObject({ req: { method: 'POST', route: '/api/session' } });
      expect(ofSignIn[1]).toMatchObject({ res: { statusCode: 401 } });
      for (const r of records) expect(typeof r['reqId']).toBe('string');
      const all = lines.join('\n');
      for (const secret of [
        'Zebedee',
        'hunter2',
        'Quimbleton',
        '2019-02-03',
        'not-a-real-session-token',
        'a-one-time-link-token-value',
      ])
        expect(all).not.toContain(secret);
    } finally {
      await app.close();
      await database.drop();
    }
  });
});

describe('graceful shutdown', () => {
  it('finishes a request in flight, then refuses new connections', async () => {
    const database = await createTestDatabase('sqlite');
    const app = await buildApp({
      handle: database,
      packs,
      config: readConfig({ BATON_LOG_LEVEL: 'silent' }),
      logger: false,
    });
    let entered: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => {
      entered = resolve;
    });
    // A slow request, standing in for a long write.
    app.get('/slow-for-test', async () => {
      entered();
      await new Promise((r) => setTimeout(r, 400));
      return { finished: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const get = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path }, (res) => {
          let body = '';
          res.on('data', (c) => (body += String(c)));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body });
          });
        });
        req.on('error', reject);
        req.end();
      });
    const slow = get('/slow-for-test');
    await inFlight;
    const closing = app.close();
    const answer = await slow;
    expect(answer).toEqual({ status: 200, body: '{"finished":true}' });
    await closing;
    await expect(get('/health/live')).rejects.toThrow(/ECONNREFUSED/);
    await database.drop();
  });
});
