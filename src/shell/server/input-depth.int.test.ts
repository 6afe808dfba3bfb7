/**
 * Issue 13 item 7: a deeply nested JSON body answered 500 (the stack overflowed) and about 4,100
 * levels was stored and then broke the record's history. Depth is now bounded at the edge, for
 * every route, before anything parses or stores it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from './input-guard.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';

const nested = (levels: number, leaf = '"x"'): string =>
  '{"a":'.repeat(levels) + leaf + '}'.repeat(levels);

let server: TestServer;
let cookie: string;
beforeAll(async () => {
  server = await startTestServer();
  cookie = await apiSignIn(server.app, 'practitioner');
});
afterAll(async () => {
  await server.close();
});

const post = (url: string, payload: string) =>
  server.app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': 'application/json' },
    payload,
  });

describe('an API route', () => {
  it.each([MAX_JSON_DEPTH + 1, 4100, 30_000])(
    'refuses %i levels of nesting with a coded 400 and writes nothing',
    async (levels) => {
      const before = await server.database.db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      const res = await post('/api/contacts', `{"concerns":${nested(levels)}}`);
      expect(res.statusCode).toBe(400);
      const body = res.json<{ error: { code: string; message: string } }>();
      expect(body.error.code).toBe('BATON_INPUT_TOO_DEEP');
      expect(res.body).not.toMatch(/at .*\.js|RangeError|stack/i);
      const after = await server.database.db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    },
  );

  it('counts arrays as levels too, and ignores brackets inside strings', async () => {
    const deepArray = `{"concerns":${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}}`;
    expect(
      (await post('/api/contacts', deepArray)).json<{ error: { code: string } }>().error.code,
    ).toBe('BATON_INPUT_TOO_DEEP');
    // Brackets in a string are text, not nesting: this is an ordinary validation error.
    const inString = JSON.stringify({ concerns: '{['.repeat(5000) });
    expect(
      (await post('/api/contacts', inString)).json<{ error: { code: string } }>().error.code,
    ).toBe('BATON_VALIDATION');
  });

  it('lets nesting up to the limit through to the route', async () => {
    const res = await post('/api/contacts', `{"concerns":${nested(MAX_JSON_DEPTH - 1)}}`);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('BATON_VALIDATION');
  });
});

it('refuses a body over the size limit with its own code (size is bounded at the edge too)', async () => {
  const res = await post('/api/contacts', JSON.stringify({ concerns: 'x'.repeat(300 * 1024) }));
  expect(res.statusCode).toBe(413);
  expect(res.json<{ error: { code: string } }>().error.code).toBe('BATON_INPUT_TOO_LARGE');
});

describe('a form route', () => {
  it('refuses a deeply nested JSON body with a coded 400 page, not a 500', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/check/stockport',
      headers: { cookie, 'content-type': 'application/json' },
      payload: nested(5000),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('BATON_INPUT_TOO_DEEP');
  });
});
