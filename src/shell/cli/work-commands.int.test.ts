/**
 * `baton work step`: the command line records a step as a named user through the same use-case as
 * the API and the pages, with when it happened (issue 12 §2), on every database: the step waits
 * for authorisation as it would in the pages, its date is its own, refusals are coded and name
 * the rules with their sources, and the audit names the user and the command line.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { insertPerson } from '../repositories/people-repository.js';
import { actorFor, ApiCaller } from '../testing/api-client.js';
import { testDialects } from '../testing/test-databases.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { hasStackTrace, removeTempDirs, tempDir } from './cli-test-kit.js';
import { runCli } from './program.js';

const dialects = await testDialects();

const discussion = [
  '--field',
  'attendees=GP, health visitor, police, duty social worker',
  '--field',
  'decision=Section 47 enquiries; a child protection medical today.',
];

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

afterAll(removeTempDirs);

describe.each(dialects)('baton work step on %s', (dialect) => {
  let server: TestServer;
  let env: Record<string, string>;
  const api = new ApiCaller(() => server.app);
  // The work begins three days before the command is run, so that "yesterday" is after it began.
  const began = new Date(Date.now() - 3 * 86_400_000);

  beforeAll(async () => {
    const sqlitePath = join(tempDir(), 'baton.sqlite');
    server = await startTestServer({
      dialect,
      ...(dialect === 'sqlite' ? { sqlitePath } : {}),
      clock: () => began,
      env: { BATON_PACK: 'stockport', BATON_SIGN_IN_LIMIT: '1000' },
    });
    env =
      dialect === 'sqlite'
        ? { BATON_SQLITE_PATH: sqlitePath, BATON_PACK: 'stockport' }
        : { DATABASE_URL: server.database.url ?? '', BATON_PACK: 'stockport' };
  }, 180_000);
  afterAll(async () => {
    await server.close();
  });

  async function baton(args: string[], extraEnv: Record<string, string> = {}) {
    let out = '';
    let err = '';
    const code = await runCli(args, {
      out: (t) => (out += t),
      err: (t) => (err += t),
      env: { ...env, ...extraEnv },
      cwd: process.cwd(),
    });
    return { code, out, err };
  }

  /** s47 enquiries started (three days ago) through the API, as the pages would. */
  async function s47(familyName: string): Promise<string> {
    const sw = await actorFor(server, 'social-worker');
    const childId = await insertPerson(
      server.database.db,
      { actor: sw, requestId: 'fixture', remoteAddress: null, now: began.toISOString() },
      { kind: 'child', givenName: 'Sky', familyName, dateOfBirth: '2019-02-03' },
    );
    const r = await api.call('social-worker', 'POST', `/api/children/${childId}/work`, {
      workflowId: 's47',
      rationale: 'Unexplained injury reported by school.',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return z.object({ id: z.string() }).parse(r.body).id;
  }

  it('records a strategy discussion as the social worker, with the date it happened, through the same rules', async () => {
    const work = await s47('Larchmont');
    // Held yesterday, recorded today: the step keeps its own date.
    const yesterday = dayOf(new Date(Date.now() - 86_400_000));
    const r = await baton([
      'work',
      'step',
      work,
      'hold-strategy-discussion',
      ...discussion,
      '--occurred-on',
      yesterday,
      '--as',
      'social-worker',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    // Stockport: a strategy discussion waits for the team manager, as it does in the pages.
    expect(r.out).toMatch(
      /^Step asked for: it waits for authorisation \(request [0-9a-f-]{36}\)\./,
    );
    expect(r.out).toContain(`Happened ${yesterday}; deadlines count from then.`);
    expect(r.out).toMatch(/Made under:\n {2}- the step: Record the strategy discussion/);
    expect(r.out).toContain('Chapter 3: strategy discussion');

    const row = await server.database.db
      .selectFrom('transitions')
      .innerJoin('users', 'users.id', 'transitions.requested_by')
      .select([
        'transitions.status',
        'transitions.occurred_at',
        'users.username',
        'transitions.citations',
      ])
      .where('transitions.work_item_id', '=', work)
      .where('transitions.transition_id', '=', 'hold-strategy-discussion')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'awaiting-authorisation',
      occurred_at: yesterday,
      username: 'social-worker',
    });
    expect(row.citations).toContain('Chapter 3: strategy discussion');

    // The manager sees it in the tray through the API like any other request.
    const tray = await api.call('team-manager', 'GET', '/api/tray');
    expect(JSON.stringify(tray.body)).toContain(work);

    const audit = await server.database.db
      .selectFrom('audit_events')
      .select(['request_id', 'outcome'])
      .where('action', '=', 'work-item.transition')
      .where('object_id', '=', work)
      .execute();
    expect(audit).toEqual([
      { request_id: expect.stringMatching(/^cli-/) as string, outcome: 'allowed' },
    ]);
  });

  it('prints the outcome as JSON, the same shape as the API answers', async () => {
    const work = await s47('Quillon');
    const r = await baton([
      'work',
      'step',
      work,
      'hold-strategy-discussion',
      ...discussion,
      '--json',
      '--as',
      'social-worker',
    ]);
    expect(r.code, r.err).toBe(0);
    const outcome = z
      .object({
        status: z.literal('awaiting-authorisation'),
        occurredAt: z.string(),
        citations: z.array(
          z.object({ rule: z.string(), citation: z.object({ section: z.string() }) }),
        ),
        workItem: z.object({ id: z.literal(work) }),
      })
      .parse(JSON.parse(r.out));
    // Without a date, it happened now.
    expect(Date.parse(outcome.occurredAt)).toBeGreaterThan(Date.now() - 120_000);

    // A date and time with its zone is kept as given (a rule in hours counts from it).
    const other = await s47('Quillon-Hart');
    const at = `${dayOf(new Date(Date.now() - 86_400_000))}T10:30:00.000Z`;
    const timed = await baton([
      'work',
      'step',
      other,
      'hold-strategy-discussion',
      ...discussion,
      '--occurred-at',
      at,
      '--as',
      'social-worker',
      '--json',
    ]);
    expect(timed.code, timed.err).toBe(0);
    expect(z.object({ occurredAt: z.string() }).parse(JSON.parse(timed.out)).occurredAt).toBe(at);
  });

  it('refuses bad dates with coded errors and writes no step', async () => {
    const work = await s47('Ormsby');
    const tomorrow = dayOf(new Date(Date.now() + 86_400_000));
    const future = await baton(
      ['work', 'step', work, 'hold-strategy-discussion', ...discussion, '--occurred-on', tomorrow],
      { BATON_CLI_USER: 'social-worker' },
    );
    expect(future.code).toBe(1);
    expect(future.out).toBe('');
    expect(future.err).toMatch(/^baton: .+ \(BATON_OCCURRED_IN_FUTURE\)\n/);
    expect(hasStackTrace(future.err)).toBe(false);

    const lastYear = dayOf(new Date(Date.now() - 365 * 86_400_000));
    const early = await baton([
      'work',
      'step',
      work,
      'hold-strategy-discussion',
      ...discussion,
      '--occurred-on',
      lastYear,
      '--as',
      'social-worker',
    ]);
    expect(early.code).toBe(1);
    expect(early.err).toMatch(/\(BATON_OCCURRED_BEFORE_WORK_BEGAN\)/);

    const notADate = await baton([
      'work',
      'step',
      work,
      'hold-strategy-discussion',
      '--occurred-on',
      '7 December',
      '--as',
      'social-worker',
    ]);
    expect(notADate.code).toBe(1);
    expect(notADate.err).toMatch(/^baton: .*YYYY-MM-DD/);

    const both = await baton([
      'work',
      'step',
      work,
      'hold-strategy-discussion',
      '--occurred-on',
      dayOf(new Date()),
      '--occurred-at',
      new Date().toISOString(),
      '--as',
      'social-worker',
    ]);
    expect(both.code).toBe(1);
    expect(both.err).toMatch(/^baton: .*cannot be used with/);

    const steps = await server.database.db
      .selectFrom('transitions')
      .select('id')
      .where('work_item_id', '=', work)
      .where('transition_id', '=', 'hold-strategy-discussion')
      .execute();
    expect(steps).toEqual([]);
    const refusals = await server.database.db
      .selectFrom('audit_events')
      .select('reason')
      .where('action', '=', 'work-item.transition')
      .where('object_id', '=', work)
      .where('outcome', '=', 'refused')
      .orderBy('seq')
      .execute();
    expect(refusals.map((a) => a.reason)).toEqual([
      'BATON_OCCURRED_IN_FUTURE',
      'BATON_OCCURRED_BEFORE_WORK_BEGAN',
    ]);
  });

  it('names what a refused step is missing, with the rule’s source', async () => {
    const work = await s47('Pemberton');
    const r = await baton([
      'work',
      'step',
      work,
      'hold-strategy-discussion',
      '--as',
      'social-worker',
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^baton: .+ \(BATON_TRANSITION_REFUSED\)\n {2}- .+ \(.+, .+\)\n/);
    expect(hasStackTrace(r.err)).toBe(false);
  });

  it('acts only as an active user, and under that user’s access', async () => {
    const work = await s47('Quarrendon');
    const nobody = await baton([
      'work',
      'step',
      work,
      'hold-strategy-discussion',
      ...discussion,
      '--as',
      'nobody-here',
    ]);
    expect(nobody.code).toBe(1);
    expect(nobody.err).toMatch(
      /^baton: There is no active user "nobody-here".* \(BATON_NOT_FOUND\)\n/,
    );

    const unnamed = await baton(['work', 'step', work, 'hold-strategy-discussion', ...discussion]);
    expect(unnamed.code).toBe(1);
    expect(unnamed.err).toMatch(
      /^baton: Say who is taking the step\.\n {2}--as: give --as <username>/,
    );

    // An auditor may not take steps: the access policy refuses, as it would in the pages.
    const auditor = await baton([
      'work',
      'step',
      work,
      'hold-strategy-discussion',
      ...discussion,
      '--as',
      'auditor',
    ]);
    expect(auditor.code).toBe(1);
    expect(auditor.err).toMatch(/\(BATON_FORBIDDEN\)|\(BATON_NOT_FOUND\)/);
  });
});
