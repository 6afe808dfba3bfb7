/**
 * `baton returns cin` on both databases: the XML written whole (temporary name, then renamed),
 * --validate printing each failure with its rule, LA child id and link and exiting 1 on errors,
 * and the coded errors for an unknown year, a pack with no LA number and no children.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journey, recordFacts } from '../../core/returns/census-testing.js';
import { removeTempDirs, runBaton, tempDir } from '../cli/cli-test-kit.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-databases.js';
import { insertCensusJourney, insertReturnsUsers } from './census-test-rows.js';

const dialects = await testDialects();

describe.each(dialects)('baton returns cin on %s', (dialect) => {
  let database: TestDatabase;
  let dbArg: string;
  let dir: string;
  let goodChild: string;
  let badChild: string;
  beforeAll(async () => {
    dir = tempDir();
    const sqlitePath = join(dir, 'census.sqlite');
    database = await createTestDatabase(dialect, dialect === 'sqlite' ? { sqlitePath } : {});
    dbArg = database.url ?? sqlitePath;
    await insertReturnsUsers(database.db);
    goodChild = await insertCensusJourney(database.db, recordFacts(), journey());
    badChild = await insertCensusJourney(
      database.db,
      recordFacts({ sex: null, ethnicity: null }),
      journey(),
    );
  });
  afterAll(async () => {
    await database.drop();
    removeTempDirs();
  });

  it('writes the census XML whole, leaving no temporary file', async () => {
    const out = join(dir, 'cin-2025-26.xml');
    const r = await runBaton([
      'returns',
      'cin',
      '--as',
      'census-analyst',
      '--year',
      '2025-26',
      '--out',
      out,
      '--database-url',
      dbArg,
      '--pack',
      'walsall',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('2 children, 2 episodes');
    const xml = readFileSync(out, 'utf8');
    expect(xml).toContain('<LEA>335</LEA>');
    expect(xml).toContain('<ReferenceDate>2026-03-31</ReferenceDate>');
    expect(xml.match(/<Child>/g)).toHaveLength(2);
    expect(xml).toContain('<ReferralSource>2A</ReferralSource>');
    expect(xml).toContain('<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>');
    expect(xml.trimEnd().endsWith('</Message>')).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('carries a CIN plan still open on 31 March 2026 into 2026-27', async () => {
    const out = join(dir, 'cin-2026-27.xml');
    const r = await runBaton([
      'returns',
      'cin',
      '--as',
      'census-analyst',
      '--year',
      '2026-27',
      '--out',
      out,
      '--database-url',
      dbArg,
    ]);
    expect(r.code, r.err).toBe(0);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toContain('<Year>2027</Year>');
    expect(xml).toContain('<CINPlanStartDate>2026-01-15</CINPlanStartDate>');
    // Modules that ended before 1 April 2026 are not returned again.
    expect(xml).not.toContain('<Section47>');
  });

  it('--validate prints each failure with rule, LA id and link, and exits 1 on errors', async () => {
    const r = await runBaton(
      [
        'returns',
        'cin',
        '--as',
        'census-analyst',
        '--year',
        '2025-26',
        '--validate',
        '--database-url',
        dbArg,
      ],
      {
        BATON_BASE_URL: 'https://baton.example',
      },
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      new RegExp(
        `ERROR 4180 B\\w+ https://baton\\.example/children/${badChild}: Sex must be provided`,
      ),
    );
    expect(r.out).toMatch(/ERROR 4220 /);
    expect(r.out).not.toContain(goodChild);
    expect(r.err).toMatch(/^baton: Some children fail DfE validation rules that are errors/);
  });

  it('gives coded errors for an unknown year, a pack without an LA number, and no children', async () => {
    const year = await runBaton([
      'returns',
      'cin',
      '--as',
      'census-analyst',
      '--year',
      '2019-20',
      '--database-url',
      dbArg,
    ]);
    expect(year.code).toBe(1);
    expect(year.err).toContain('Baton cannot write a census for "2019-20"');
    const pack = await runBaton([
      'returns',
      'cin',
      '--as',
      'census-analyst',
      '--year',
      '2025-26',
      '--pack',
      'national',
      '--database-url',
      dbArg,
    ]);
    expect(pack.err).toContain('3-digit DfE local authority number');
    const out = join(dir, 'empty.xml');
    const emptyPath = join(dir, 'empty.sqlite');
    const empty = await createTestDatabase('sqlite', { sqlitePath: emptyPath });
    await insertReturnsUsers(empty.db);
    const none = await runBaton([
      'returns',
      'cin',
      '--as',
      'census-analyst',
      '--year',
      '2026-27',
      '--out',
      out,
      '--database-url',
      emptyPath,
    ]);
    await empty.drop();
    expect(none.code).toBe(1);
    expect(none.err).toContain('No child had social care work');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('audits every run with its counts and the member of the data team named', async () => {
    const analyst = await database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'census-analyst')
      .executeTakeFirstOrThrow();
    const before = await database.db
      .selectFrom('audit_events')
      .select(database.db.fn.countAll().as('n'))
      .where('action', 'like', 'returns.cin.%')
      .executeTakeFirstOrThrow();
    const out = join(dir, 'audited.xml');
    const write = await runBaton([
      'returns',
      'cin',
      '--year',
      '2025-26',
      '--out',
      out,
      '--database-url',
      dbArg,
      '--as',
      'census-analyst',
    ]);
    expect(write.code, write.err).toBe(0);
    const check = await runBaton(
      ['returns', 'cin', '--year', '2025-26', '--validate', '--database-url', dbArg],
      { BATON_CLI_USER: 'census-analyst' },
    );
    expect(check.code).toBe(1);
    const rows = await database.db
      .selectFrom('audit_events')
      .select(['action', 'reason', 'actor_user_id', 'actor_roles', 'request_id', 'outcome'])
      .where('action', 'in', ['returns.cin.write', 'returns.cin.validate'])
      .where('actor_user_id', '=', analyst.id)
      .orderBy('seq')
      .execute();
    const last = rows.slice(-2);
    expect(last.map((r) => [r.action, r.outcome])).toEqual([
      ['returns.cin.write', 'allowed'],
      ['returns.cin.validate', 'allowed'],
    ]);
    for (const r of last) {
      expect(r.request_id).toMatch(/^cli-/);
      expect(r.actor_roles).toContain('data-team');
      expect(r.reason).toContain('year 2025-26');
      expect(r.reason).toContain('children 2');
      expect(r.reason).toContain('episodes 2');
      expect(r.reason).toContain('via command line');
      // Counts, never names or identifiers of children.
      expect(r.reason).not.toContain('Testchild');
      expect(r.reason).not.toContain(goodChild);
    }
    expect(last[1]?.reason).toMatch(/errors [1-9]/);
    const after = await database.db
      .selectFrom('audit_events')
      .select(database.db.fn.countAll().as('n'))
      .where('action', 'like', 'returns.cin.%')
      .executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(2);
  });

  it('refuses (and audits) anyone outside the data team, and a run with no one named', async () => {
    const out = join(dir, 'refused.xml');
    const worker = await runBaton([
      'returns',
      'cin',
      '--year',
      '2025-26',
      '--out',
      out,
      '--database-url',
      dbArg,
      '--as',
      'census-worker',
    ]);
    expect(worker.code).toBe(1);
    expect(worker.err).toContain('Your role or agency does not');
    expect(existsSync(out)).toBe(false);
    const refused = await database.db
      .selectFrom('audit_events')
      .innerJoin('users', 'users.id', 'audit_events.actor_user_id')
      .select(['audit_events.action', 'audit_events.outcome'])
      .where('users.username', '=', 'census-worker')
      .execute();
    expect(refused).toContainEqual({ action: 'returns.cin.write', outcome: 'refused' });
    const annex = await runBaton([
      'returns',
      'annex-a',
      '--from',
      '2025-10-01',
      '--to',
      '2026-03-31',
      '--out',
      join(dir, 'refused.xlsx'),
      '--database-url',
      dbArg,
      '--as',
      'census-worker',
    ]);
    expect(annex.code).toBe(1);
    expect(annex.err).toContain('Your role or agency does not');
    const nobody = await runBaton(['returns', 'cin', '--year', '2025-26', '--database-url', dbArg]);
    expect(nobody.code).toBe(1);
    expect(nobody.err).toContain('Say who is making the return');
    const stranger = await runBaton([
      'returns',
      'cin',
      '--year',
      '2025-26',
      '--database-url',
      dbArg,
      '--as',
      'nobody-here',
    ]);
    expect(stranger.code).toBe(1);
    expect(stranger.err).toContain('There is no active user "nobody-here"');
  });
});
