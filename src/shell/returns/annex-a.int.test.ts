/**
 * Ofsted's Annex A and the data quality page on both databases: `baton returns annex-a` and the
 * page's download write a workbook that exceljs reads back with the template's sheets, headings
 * and the seeded children's rows; no partial file is left; bad dates, a window that ends before
 * it starts and an empty database give coded errors; the download and the data quality list are
 * the data team's alone and audited with counts, never names.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNEX_A_LISTS } from '../../core/returns/index.js';
import { journey, recordFacts, work } from '../../core/returns/census-testing.js';
import { removeTempDirs, runBaton, tempDir } from '../cli/cli-test-kit.js';
import type { Database } from '../db/index.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';
import { insertCensusJourney, insertReturnsUsers } from './census-test-rows.js';

const dialects = await testDialects();
const WINDOW = ['--from', '2025-04-01', '--to', '2026-03-31'];

/** Give the child's social care work a lead professional in a team; returns the team's name. */
async function allocate(db: Kysely<Database>, childId: string, team: string): Promise<void> {
  const agency = randomUUID();
  const teamId = randomUUID();
  const user = randomUUID();
  const at = '2025-01-01T09:00:00.000Z';
  await db
    .insertInto('agencies')
    .values({ id: agency, name: 'Synthetic Council', kind: 'social-care', created_at: at })
    .execute();
  await db
    .insertInto('teams')
    .values({ id: teamId, agency_id: agency, name: team, created_at: at })
    .execute();
  await db
    .insertInto('users')
    .values({
      id: user,
      username: `worker-${user}`,
      display_name: 'Sam Testworker',
      agency_id: agency,
      password_hash: 'x',
      active: 1,
      created_at: at,
      team_id: teamId,
    })
    .execute();
  const items = db
    .selectFrom('work_item_children')
    .select('work_item_id')
    .where('child_id', '=', childId);
  await db
    .updateTable('work_items')
    .set({ lead_professional_user_id: user })
    .where('id', 'in', items)
    .where('workflow_id', '!=', 'contact')
    .execute();
}

/** Two children with the school-contact journey; the second also in care, without ethnicity. */
async function seed(db: Kysely<Database>): Promise<{ first: string; second: string }> {
  const first = await insertCensusJourney(db, recordFacts({ localId: 'CH0001' }), journey());
  const second = await insertCensusJourney(
    db,
    recordFacts({ localId: 'CH0002', ethnicity: null }),
    [...journey(), work('lac', 'looked-after', '2026-02-01', { steppedFromId: 'cin' })],
  );
  await allocate(db, first, 'North CIN team');
  await allocate(db, second, 'South CIN team');
  return { first, second };
}

async function readBook(source: string | Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  if (typeof source === 'string') await book.xlsx.readFile(source);
  else await book.xlsx.load(source as unknown as ArrayBuffer);
  return book;
}

/** A sheet's rows as arrays of cell values, the heading row first. */
function rowsOf(book: ExcelJS.Workbook, sheet: string): unknown[][] {
  const ws = book.getWorksheet(sheet);
  if (ws === undefined) throw new Error(`no sheet ${sheet}`);
  const rows: unknown[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  // Children come in record id order (random here): sort by the child's LA id to compare.
  const [head, ...body] = rows;
  return head === undefined
    ? []
    : [head, ...body.sort((a, b) => String(a[0]).localeCompare(String(b[0])))];
}

function expectWorkbook(book: ExcelJS.Workbook): void {
  expect(book.worksheets.map((w) => w.name)).toEqual(ANNEX_A_LISTS.map((l) => l.sheet));
  for (const l of ANNEX_A_LISTS)
    expect(rowsOf(book, l.sheet)[0], l.sheet).toEqual(l.columns.map((c) => c.heading));
  const contacts = rowsOf(book, 'List 1').slice(1);
  expect(contacts.map((r) => r[0])).toEqual(['CH0001', 'CH0002']);
  expect(contacts[0]?.[5]).toEqual(new Date('2025-05-01T00:00:00Z'));
  expect(contacts[0]?.[6]).toBe('e) 2A: Schools');
  const referrals = rowsOf(book, 'List 3').slice(1);
  expect(referrals).toHaveLength(2);
  const heads = ANNEX_A_LISTS.find((l) => l.sheet === 'List 3')?.columns.map((c) => c.heading);
  const team = heads?.indexOf('Allocated Team') ?? -1;
  expect(referrals.map((r) => [r[0], r[team], r[team + 1]])).toEqual([
    ['CH0001', 'North CIN team', 'Sam Testworker'],
    ['CH0002', 'South CIN team', 'Sam Testworker'],
  ]);
  expect(rowsOf(book, 'List 2')).toHaveLength(1);
  expect(rowsOf(book, 'List 7').slice(1)).toHaveLength(2);
  const care = rowsOf(book, 'List 8').slice(1);
  expect(care.map((r) => [r[0], r[7]])).toEqual([['CH0002', new Date('2026-02-01T00:00:00Z')]]);
  expect(rowsOf(book, 'List 6').slice(1)[1]?.[2]).toBe('t) NOBT');
}

describe.each(dialects)('baton returns annex-a on %s', (dialect) => {
  let database: TestDatabase;
  let dbArg: string;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    const sqlitePath = join(dir, 'annex-a.sqlite');
    database = await createTestDatabase(dialect, dialect === 'sqlite' ? { sqlitePath } : {});
    dbArg = database.url ?? sqlitePath;
    await seed(database.db);
    await insertReturnsUsers(database.db);
  });
  afterAll(async () => {
    await database.drop();
    removeTempDirs();
  });

  it('writes a workbook exceljs reads back with the sheets, headings and rows, and no partial file', async () => {
    const out = join(dir, 'annex-a.xlsx');
    const spools = () => readdirSync(tmpdir()).filter((f) => f.startsWith('baton-annex-a-'));
    const before = spools();
    const r = await runBaton([
      'returns',
      'annex-a',
      '--as',
      'census-analyst',
      ...WINDOW,
      '--out',
      out,
      '--database-url',
      dbArg,
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/List 3\s+Referrals\s+2/);
    expectWorkbook(await readBook(out));
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    // Lists 2 to 8 waited in a private temporary directory, removed once copied.
    expect(spools().filter((f) => !before.includes(f))).toEqual([]);
    // Audited like a download from the page: the window and rows per list, the analyst named.
    const audit = await database.db
      .selectFrom('audit_events')
      .innerJoin('users', 'users.id', 'audit_events.actor_user_id')
      .select(['audit_events.reason', 'audit_events.outcome', 'users.username'])
      .where('audit_events.action', '=', 'returns.annex-a.write')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ outcome: 'allowed', username: 'census-analyst' });
    expect(audit.reason).toContain('via command line');
    expect(audit.reason).toContain('referrals 2');
    expect(audit.reason).not.toContain('CH0001');
  });

  it('gives coded errors for a bad date, a window that ends before it starts and no children', async () => {
    const bad = await runBaton([
      'returns',
      'annex-a',
      '--as',
      'census-analyst',
      '--from',
      '2026-02-30',
      '--to',
      '2026-03-31',
      '--database-url',
      dbArg,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('two real dates in the form YYYY-MM-DD');
    const back = await runBaton([
      'returns',
      'annex-a',
      '--as',
      'census-analyst',
      '--from',
      '2026-04-01',
      '--to',
      '2026-03-31',
      '--database-url',
      dbArg,
    ]);
    expect(back.code).toBe(1);
    expect(back.err).toContain('is after its "to" date');
    const emptyPath = join(dir, 'empty.sqlite');
    const empty = await createTestDatabase('sqlite', { sqlitePath: emptyPath });
    await insertReturnsUsers(empty.db);
    const out = join(dir, 'empty.xlsx');
    const none = await runBaton([
      'returns',
      'annex-a',
      '--as',
      'census-analyst',
      ...WINDOW,
      '--out',
      out,
      '--database-url',
      emptyPath,
    ]);
    await empty.drop();
    expect(none.code).toBe(1);
    expect(none.err).toContain('nothing to return');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});

describe.each(dialects)('Annex A and data quality pages on %s', (dialect) => {
  let s: TestServer;
  let children: { first: string; second: string };
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    s = await startTestServer({ dialect, clock: () => new Date('2026-03-31T12:00:00Z') });
    for (const u of ['data-team', 'social-worker']) cookies[u] = await apiSignIn(s.app, u);
    children = await seed(s.database.db);
  });
  afterAll(async () => {
    await s.close();
  });
  const get = (url: string, user: string) =>
    s.app.inject({ method: 'GET', url, headers: { cookie: cookies[user] ?? '' } });
  const annexA =
    '/returns/annex-a.xlsx?from-day=1&from-month=4&from-year=2025&to-day=31&to-month=3&to-year=2026';

  it('offers the window, six months to today, on the returns page', async () => {
    const res = await get('/returns', 'data-team');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Ofsted Annex A');
    expect(res.body).toMatch(/name="from-month"[^>]*value="9"|value="9"[^>]*name="from-month"/);
    expect(res.body).toContain('href="/returns/data-quality"');
  });

  it('downloads the workbook and audits it with counts per list, not names', async () => {
    const res = await get(annexA, 'data-team');
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('annex-a-2025-04-01-to-2026-03-31.xlsx');
    expectWorkbook(await readBook(res.rawPayload));
    const audit = await s.database.db
      .selectFrom('audit_events')
      .select('reason')
      .where('action', '=', 'returns.annex-a.download')
      .where('outcome', '=', 'allowed')
      .executeTakeFirstOrThrow();
    expect(audit.reason).toContain('contacts 2');
    expect(audit.reason).toContain('referrals 2');
    expect(audit.reason).toContain('childrenInCare 1');
    expect(audit.reason).not.toContain('Testchild');
  });

  it('is the data team’s alone', async () => {
    expect((await get(annexA, 'social-worker')).statusCode).toBe(403);
    expect((await get('/returns/data-quality', 'social-worker')).statusCode).toBe(403);
    const refused = await s.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('outcome', '!=', 'allowed')
      .where('action', 'in', ['returns.annex-a.download', 'returns.data-quality'])
      .execute();
    expect(refused.map((r) => r.action).sort()).toEqual([
      'returns.annex-a.download',
      'returns.data-quality',
    ]);
  });

  it('shows a bad window as a GOV.UK error, not a download', async () => {
    const res = await get(
      '/returns/annex-a.xlsx?from-day=31&from-month=2&from-year=2026&to-day=31&to-month=3&to-year=2026',
      'data-team',
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('href="#from-day"');
    expect(res.body).toContain('must be a real date');
    const back = await get(
      '/returns/annex-a.xlsx?from-day=1&from-month=4&from-year=2026&to-day=31&to-month=3&to-year=2026',
      'data-team',
    );
    expect(back.statusCode).toBe(400);
    expect(back.body).toContain('must be on or before the last day');
  });

  it('lists census failures by team with counts by rule, linking to each record, audited', async () => {
    const res = await get('/returns/data-quality?year=2025-26', 'data-team');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('South CIN team: 1 child');
    expect(res.body).not.toContain('North CIN team');
    expect(res.body).toMatch(
      /4220[\s\S]*?Error[\s\S]*?Ethnicity is missing or invalid[\s\S]*?>\s*1\s*</,
    );
    expect(res.body).toContain(`href="/children/${children.second}"`);
    expect(res.body).not.toContain(`href="/children/${children.first}"`);
    expect(res.body).toContain('CH0002');
    const audit = await s.database.db
      .selectFrom('audit_events')
      .select('reason')
      .where('action', '=', 'returns.data-quality')
      .where('outcome', '=', 'allowed')
      .executeTakeFirstOrThrow();
    expect(audit.reason).toContain('children 2');
    expect(audit.reason).toContain('failing 1');
    expect(audit.reason).not.toContain('Testchild');
    // The link goes through the child access policy: the data team is refused, and audited.
    expect((await get(`/children/${children.second}`, 'data-team')).statusCode).toBe(403);
  });
});
