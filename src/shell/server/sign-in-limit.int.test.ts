/**
 * Issue 13 item 5: the sign-in limit was bypassed by padding the username (the limiter keyed on
 * the lower-cased name, sign-in trimmed it), the page and the API counted apart, and each process
 * counted in its own memory. Now one normalised key, one counter for every sign-in route, in the
 * database. Runs on every database.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPacks } from '../policy/pack-files.js';
import { testDialects } from '../testing/test-databases.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';
import { buildApp } from './app.js';

const dialects = await testDialects();
const LIMIT = 3;

const code = (res: LightMyRequestResponse): string =>
  String(res.headers['content-type']).includes('json')
    ? (res.json<{ error?: { code: string } }>().error?.code ?? '')
    : (/BATON_[A-Z_]+/.exec(res.body)?.[0] ?? '');

const api = (app: FastifyInstance, username: string, password: string) =>
  app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });

async function page(app: FastifyInstance, username: string, password: string) {
  const form = await app.inject({ method: 'GET', url: '/sign-in' });
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  return app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: {
      cookie: form.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: new URLSearchParams({ username, password, _csrf: token }).toString(),
  });
}

describe.each(dialects)('the sign-in limit on %s', (dialect) => {
  let server: TestServer;
  let second: FastifyInstance;
  beforeAll(async () => {
    server = await startTestServer({ dialect, env: { BATON_SIGN_IN_LIMIT: String(LIMIT) } });
    // Another Baton process on the same database (as behind a load balancer).
    second = await buildApp({
      handle: server.database,
      packs: loadPacks(),
      config: server.config,
      logger: false,
    });
  });
  afterAll(async () => {
    await second.close();
    await server.close();
  });

  it('counts padded, re-cased and compatibility spellings of a username as one', async () => {
    for (const spelling of [
      ' practitioner',
      'PRACTITIONER\t',
      '\uff50\uff52\uff41\uff43titioner',
    ]) {
      const res = await api(server.app, spelling, 'wrong-password');
      expect(code(res), spelling).toBe('BATON_SIGN_IN_FAILED');
    }
    const limited = await api(server.app, 'Practitioner ', TEST_PASSWORD);
    expect(limited.statusCode).toBe(429);
    expect(code(limited)).toBe('BATON_SIGN_IN_RATE_LIMITED');
    expect(limited.cookies.find((c) => c.name === 'baton_session')).toBeUndefined();
    // Per username: another user at the same address still signs in.
    expect((await api(server.app, 'team-manager', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('counts the sign-in page and the API together', async () => {
    expect(code(await api(server.app, 'dsl', 'wrong-password'))).toBe('BATON_SIGN_IN_FAILED');
    expect((await page(server.app, 'dsl', 'wrong-password')).statusCode).toBe(400);
    expect(code(await api(server.app, 'dsl', 'wrong-password'))).toBe('BATON_SIGN_IN_FAILED');
    const limited = await page(server.app, 'dsl', TEST_PASSWORD);
    expect(limited.statusCode).toBe(429);
    expect(code(limited)).toBe('BATON_SIGN_IN_RATE_LIMITED');
    expect(limited.cookies.find((c) => c.name === 'baton_session')).toBeUndefined();
  });

  it('is shared by two Baton processes on one database', async () => {
    expect(code(await api(server.app, 'hv-demo', 'wrong-password'))).toBe('BATON_SIGN_IN_FAILED');
    expect(code(await api(second, 'hv-demo', 'wrong-password'))).toBe('BATON_SIGN_IN_FAILED');
    expect(code(await api(server.app, 'hv-demo', 'wrong-password'))).toBe('BATON_SIGN_IN_FAILED');
    const limited = await api(second, 'hv-demo', TEST_PASSWORD);
    expect(limited.statusCode).toBe(429);
    expect(code(limited)).toBe('BATON_SIGN_IN_RATE_LIMITED');
  });

  it('records a refused sign-in in the audit trail, without the username', async () => {
    const rows = await server.database.db
      .selectFrom('audit_events')
      .select(['reason'])
      .where('action', '=', 'session.sign-in')
      .where('outcome', '=', 'refused')
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => r.reason === 'BATON_SIGN_IN_RATE_LIMITED')).toBe(true);
  });
});
