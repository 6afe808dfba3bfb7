/**
 * Generated bad input for every API route, from the route's own schema (issue 5 §4): broken,
 * missing, extra and hostile fields, hostile path parameters and query strings, malformed JSON
 * and wrong content types, as different users. Whatever arrives: no 5xx, no stack trace or SQL
 * in the answer, and every error carries a code from the catalogue. Runs on every database.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../core/errors/error-catalogue.js';
import { testDialects } from '../testing/test-databases.js';
import { badInput, badParam, badQuery } from './json-schema-arbitrary.js';
import { fillUrl, type RouteEntry } from './route-table.js';
import { makeChild, startSecurityServer, type SecurityServer } from './security-fixtures.js';

const dialects = await testDialects();

/** Cases per route: enough to reach every field over a CI run, bounded so CI stays quick. */
const RUNS_PER_ROUTE = Number(process.env.BATON_FUZZ_RUNS ?? 25);

const STACK_TRACE = /\n\s+at |node_modules|\.[jt]s:\d+:\d+/;
const SQL_TEXT =
  /SQLITE_|syntax error|invalid input syntax|relation "|violates|duplicate key|\b(select|insert into|update|delete from|from|where) "[a-z_]+"/i;

const codes = new Set(Object.keys(ERRORS));

interface Sent {
  url: string;
  username: string | null;
  contentType: string;
  payload: string | undefined;
}

/** What is wrong with an answer, if anything. */
function problemsWith(status: number, type: string, body: string): string[] {
  const problems: string[] = [];
  if (status >= 500) problems.push(`status ${String(status)}`);
  if (STACK_TRACE.test(body)) problems.push('a stack trace');
  if (SQL_TEXT.test(body)) problems.push('SQL text');
  if (status >= 400) {
    let code: unknown;
    try {
      code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    } catch {
      code = undefined;
    }
    if (!type.includes('json') || typeof code !== 'string' || !codes.has(code))
      problems.push(`an uncoded error (${type})`);
  }
  return problems;
}

describe.each(dialects)('generated bad input for every API route on %s', (dialect) => {
  let s: SecurityServer;
  let ids: Record<string, string> = {};

  beforeAll(async () => {
    s = await startSecurityServer(dialect);
    const fx = await makeChild(s, 0);
    ids = {
      childId: fx.childId,
      id: fx.childId,
      workItemId: fx.contactWorkItemId,
      episodeId: fx.episodeId,
      packId: 'stockport',
      date: '2026-03-02',
    };
  });
  afterAll(async () => {
    await s.server.close();
  });

  /** One bad request for a route: valid-looking or hostile ids, hostile query and body. */
  const request = (r: RouteEntry): fc.Arbitrary<Sent> => {
    const params = fc.tuple(
      ...r.params.map((p) =>
        fc.oneof(fc.constant(ids[p] ?? ids.id ?? ''), fc.constant(ids.episodeId ?? ''), badParam),
      ),
    );
    const body = fc.oneof(
      {
        weight: 6,
        arbitrary: badInput(r.body).map((v) => (v === undefined ? 'null' : JSON.stringify(v))),
      },
      { weight: 1, arbitrary: fc.constantFrom('{"a":', '[', 'nul', '', '{"x":1}'.repeat(3)) },
    );
    const contentType = fc.oneof(
      { weight: 8, arbitrary: fc.constant('application/json') },
      { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded') },
    );
    // Signing out would end the session the other cases use, so DELETE is sent anonymously.
    const users =
      r.method === 'DELETE'
        ? fc.constant(null)
        : fc.constantFrom('front-door', 'practitioner', 'auditor', 'business-support', null);
    return fc
      .record({ params, query: badQuery(r.querystring), body, contentType, username: users })
      .map(({ params: values, query, body: text, contentType: type, username }) => {
        const path = fillUrl(r.url.replace('*', 'x'), (p) => values[r.params.indexOf(p)] ?? '');
        const qs = new URLSearchParams(query).toString();
        return {
          url: qs === '' ? path : `${path}?${qs}`,
          username,
          contentType: type,
          payload: r.method === 'GET' ? undefined : text,
        };
      });
  };

  it(`answers ${String(RUNS_PER_ROUTE)} generated bad requests per API route without a 5xx, a stack trace, SQL or an uncoded error`, async () => {
    const routes = s.routes.filter((r) => r.api);
    expect(routes.length).toBeGreaterThan(40);
    let cases = 0;
    for (const r of routes) {
      await fc.assert(
        fc.asyncProperty(request(r), async (sent) => {
          cases++;
          const cookie =
            sent.username === null ? s.csrfCookie : (s.cookies.get(sent.username) ?? '');
          const res = await s.server.app.inject({
            method: r.method as 'GET',
            url: sent.url,
            headers: {
              cookie,
              ...(sent.payload === undefined ? {} : { 'content-type': sent.contentType }),
            },
            ...(sent.payload === undefined ? {} : { payload: sent.payload }),
          });
          const problems = problemsWith(
            res.statusCode,
            String(res.headers['content-type']),
            res.body,
          );
          if (problems.length > 0)
            throw new Error(
              `${r.key} answered ${problems.join(', ')}: ${String(res.statusCode)} ${res.body.slice(0, 300)}`,
            );
        }),
        { numRuns: RUNS_PER_ROUTE, seed: Number(process.env.BATON_FUZZ_SEED ?? 20260302) },
      );
    }
    console.info(
      `fuzz on ${dialect}: ${String(cases)} cases over ${String(routes.length)} API routes`,
    );
    expect(cases).toBe(routes.length * RUNS_PER_ROUTE);
  }, 600_000);

  it('refuses a NUL character in a path, a query or a body with a coded 400 (PostgreSQL cannot store it)', async () => {
    const cookie = s.cookies.get('front-door') ?? '';
    for (const [method, url, payload] of [
      ['GET', '/api/threshold-checks/%00', undefined],
      ['GET', '/api/people/search?familyName=a%00b', undefined],
      ['POST', '/api/people', { kind: 'child', givenName: 'A\u0000', familyName: 'Nul' }],
    ] as const) {
      const res = await s.server.app.inject({
        method,
        url,
        headers: { cookie },
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, url).toBe(400);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('BATON_VALIDATION');
    }
  });

  it('answers emergency access to an id that is not a child with a coded 404, not a 500', async () => {
    const res = await s.server.app.inject({
      method: 'POST',
      url: `/api/children/${ids.episodeId ?? ''}/break-glass`,
      headers: { cookie: s.cookies.get('practitioner') ?? '' },
      payload: { reason: 'Synthetic emergency for the fuzz suite' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('BATON_NOT_FOUND');
  });

  it('answers an address with malformed percent-encoding with a coded 400', async () => {
    for (const url of ['/api/policy-packs/%ED%A0%80', '/children/%E0%A4%A']) {
      const res = await s.server.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('BATON_VALIDATION');
    }
  });

  it('recognises the problems it looks for (the checks can fail)', () => {
    expect(problemsWith(500, 'application/json', '{}')).toContain('status 500');
    expect(problemsWith(400, 'text/html', '<p>oops</p>')[0]).toMatch(/uncoded/);
    expect(problemsWith(400, 'application/json', '{"error":{"code":"NOPE"}}')[0]).toMatch(
      /uncoded/,
    );
    expect(problemsWith(200, 'application/json', 'Error\n    at run (/app/x.js:1:2)')).toContain(
      'a stack trace',
    );
    expect(
      problemsWith(200, 'application/json', 'select "id" from "people" where "id" = $1'),
    ).toContain('SQL text');
    expect(
      problemsWith(404, 'application/json', '{"error":{"code":"BATON_NOT_FOUND","message":"x"}}'),
    ).toEqual([]);
  });
});
