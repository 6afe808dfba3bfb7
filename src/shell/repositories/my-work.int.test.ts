/**
 * My work a page at a time, on every database: the team's and my own open deadlines in due order
 * 25 at a time, followed forwards and back through the page links (API and page) with nothing
 * lost or repeated; the overdue / due soon / later counts agree with each deadline's status; a
 * changed page link is refused with BATON_BAD_CURSOR; notifications are the newest with every
 * unread one counted. And with 100,000 open deadlines, every query of the page reads an index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { ResolvedPack } from '../../core/policy/index.js';
import { statusOf } from '../calendar/index.js';
import type { Database, Dialect } from '../db/index.js';
import { loadPacks } from '../policy/pack-files.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-databases.js';
import { apiSignIn, startTestServer, type TestServer } from '../testing/test-server.js';
import { encodeCursor } from './my-work-cursor.js';
import { deadlineCounts, deadlinePage } from './my-work-deadlines.js';

const dialects = await testDialects();
const packs = loadPacks();
const stockport = packs.get('stockport') as ResolvedPack;
// Monday 23 November 2026, 10:00.
const NOW = '2026-11-23T10:00:00.000Z';

interface Deadline {
  id: string;
  due: string;
  mine: boolean;
  status: { state: string };
}
interface MyWorkJson {
  deadlines: Deadline[];
  page: { previous: string | null; next: string | null; size: number };
  summary: { overdue: number; dueSoon: number; later: number; total: number; laterFrom: string };
  notifications: { id: string; read: boolean }[];
  unread: number;
}

const userId = async (db: Kysely<Database>, username: string) =>
  await db
    .selectFrom('users')
    .select(['id', 'agency_id'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();

describe.each(dialects)('my work, a page at a time, on %s', (dialect) => {
  let s: TestServer;
  let cookie: string;
  /** The deadlines the team manager should see, in (due, id) order. */
  const expected: { id: string; due: string }[] = [];

  beforeAll(async () => {
    s = await startTestServer({ dialect, clock: () => new Date(NOW) });
    const db = s.database.db;
    const manager = await userId(db, 'team-manager');
    const worker = await userId(db, 'social-worker');
    const lead = await userId(db, 'lead-professional');
    const workId = 'work-0001';
    await db
      .insertInto('work_items')
      .values({
        id: workId,
        workflow_id: 'cin-plan',
        pack_id: 'stockport',
        pack_version: stockport.version,
        subject_type: 'child',
        subject_id: 'nobody',
        state: 'active',
        owner_agency_id: manager.agency_id,
        opened_at: '2026-01-05T09:00:00.000Z',
        opened_by: worker.id,
        events: '[]',
        data: '{}',
        version: 1,
      })
      .execute();
    const rows: { id: string; due: string; agency: string; user: string | null; met?: string }[] =
      [];
    // Sixty of the team's, some due on the same day (ordered by id there), from long overdue to
    // next year; the hour-based ones today fall either side of now.
    for (let i = 0; i < 60; i++) {
      const day = new Date(Date.UTC(2026, 10, 23 + (i % 30) * 5 - 60));
      rows.push({
        id: `d-team-${String(59 - i).padStart(3, '0')}`,
        due: day.toISOString().slice(0, 10),
        agency: manager.agency_id,
        user: i % 3 === 0 ? worker.id : null,
      });
    }
    rows.push(
      { id: 'd-today', due: '2026-11-23', agency: manager.agency_id, user: null },
      { id: 'd-hour-past', due: '2026-11-23T08:00:00.000Z', agency: manager.agency_id, user: null },
      {
        id: 'd-hour-later',
        due: '2026-11-23T16:00:00.000Z',
        agency: manager.agency_id,
        user: null,
      },
      { id: 'd-soon-tue', due: '2026-11-24', agency: manager.agency_id, user: null },
      { id: 'd-soon-wed', due: '2026-11-25', agency: manager.agency_id, user: null },
      { id: 'd-later-thu', due: '2026-11-26', agency: manager.agency_id, user: null },
      // Mine, held in another agency: counted and listed once.
      { id: 'd-mine-elsewhere', due: '2026-12-01', agency: lead.agency_id, user: manager.id },
      { id: 'd-mine-here', due: '2026-12-02', agency: manager.agency_id, user: manager.id },
    );
    for (const r of rows) expected.push({ id: r.id, due: r.due });
    // Not listed: met, or another agency's and not mine.
    rows.push(
      { id: 'd-met', due: '2026-11-01', agency: manager.agency_id, user: null, met: NOW },
      { id: 'd-other', due: '2026-11-02', agency: lead.agency_id, user: lead.id },
    );
    await db
      .insertInto('deadlines')
      .values(
        rows.map((r) => ({
          id: r.id,
          work_item_id: workId,
          timescale_id: 'cin-review',
          name: `Deadline ${r.id}`,
          due: r.due,
          citation: '{}',
          owner_agency_id: r.agency,
          owner_user_id: r.user,
          opened_at: '2026-01-05T09:00:00.000Z',
          met_at: r.met ?? null,
        })),
      )
      .execute();
    expected.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.id < b.id ? -1 : 1));
    // Thirty notifications to the team (27 unread) and two to the manager (one unread).
    await db
      .insertInto('notifications')
      .values([
        ...Array.from({ length: 30 }, (_, i) => ({
          id: `n-team-${String(i).padStart(2, '0')}`,
          user_id: null,
          agency_id: manager.agency_id,
          role: 'team-manager',
          kind: 'team',
          text: `Team notification ${String(i)}`,
          created_at: `2026-11-${String(1 + (i % 20)).padStart(2, '0')}T09:${String(i).padStart(2, '0')}:00.000Z`,
          read_at: i < 3 ? NOW : null,
        })),
        ...[0, 1].map((i) => ({
          id: `n-mine-${String(i)}`,
          user_id: manager.id,
          kind: 'allocation',
          text: `For you ${String(i)}`,
          created_at: '2026-11-22T09:00:00.000Z',
          read_at: i === 0 ? NOW : null,
        })),
      ])
      .execute();
    cookie = await apiSignIn(s.app, 'team-manager');
  }, 60_000);
  afterAll(async () => {
    await s.close();
  });

  const get = async (url: string) => s.app.inject({ method: 'GET', url, headers: { cookie } });
  const page = async (query = ''): Promise<MyWorkJson> => {
    const res = await get(`/api/my-work${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<MyWorkJson>();
  };

  it('walks every open deadline forwards and back, 25 at a time, in due order', async () => {
    const forwards: MyWorkJson[] = [await page()];
    expect(forwards[0]?.page.previous).toBeNull();
    for (let next = forwards[0]?.page.next; next; next = forwards.at(-1)?.page.next)
      forwards.push(await page(`?after=${encodeURIComponent(next)}`));
    expect(forwards.map((p) => p.deadlines.length)).toEqual([25, 25, 18]);
    const ids = forwards.flatMap((p) => p.deadlines.map((d) => d.id));
    expect(ids).toEqual(expected.map((d) => d.id));
    expect(forwards.flatMap((p) => p.deadlines.filter((d) => d.mine).map((d) => d.id))).toEqual([
      'd-mine-elsewhere',
      'd-mine-here',
    ]);

    const backwards: MyWorkJson[] = [forwards.at(-1) as MyWorkJson];
    for (let prev = backwards[0]?.page.previous; prev; prev = backwards.at(-1)?.page.previous)
      backwards.push(await page(`?before=${encodeURIComponent(prev)}`));
    expect(backwards.reverse().map((p) => p.deadlines.map((d) => d.id))).toEqual(
      forwards.map((p) => p.deadlines.map((d) => d.id)),
    );
    expect(backwards[0]?.page).toMatchObject({ previous: null, next: forwards[0]?.page.next });
  });

  it('counts overdue, due soon and later as each deadline’s status says, every page alike', async () => {
    const first = await page();
    const states = expected.map((d) => statusOf(stockport, d.due, NOW).state);
    const n = (...of: string[]) => states.filter((x) => of.includes(x)).length;
    expect(first.summary).toMatchObject({
      overdue: n('overdue'),
      dueSoon: n('due-today', 'due-soon'),
      later: n('upcoming'),
      total: expected.length,
      laterFrom: '2026-11-26',
    });
    // The hour-based deadline earlier today is overdue; today's date and later today are not.
    expect(states[expected.findIndex((d) => d.id === 'd-hour-past')]).toBe('overdue');
    expect(states[expected.findIndex((d) => d.id === 'd-hour-later')]).toBe('due-today');
    expect(states[expected.findIndex((d) => d.id === 'd-today')]).toBe('due-today');
    expect(first.summary.overdue).toBeGreaterThan(0);
    const last = await page(`?after=${encodeURIComponent(first.page.next ?? '')}`);
    expect(last.summary).toEqual(first.summary);
  });

  it('refuses a changed or made-up page link with BATON_BAD_CURSOR', async () => {
    const forged = Buffer.from(JSON.stringify({ due: '2026-11-23' })).toString('base64url');
    for (const [query, path] of [
      ['?after=not*base64', 'after'],
      ['?after=zzzz', 'after'],
      [`?before=${forged}`, 'before'],
      [`?after=${encodeCursor({ due: 'yesterday', id: 'x' })}`, 'after'],
      [
        `?after=${encodeCursor({ due: '2026-11-23', id: 'x' })}&before=${encodeCursor({ due: '2026-11-23', id: 'x' })}`,
        'before',
      ],
    ] as const) {
      const res = await get(`/api/my-work${query}`);
      expect(res.statusCode, query).toBe(400);
      const body = res.json<{ error: { code: string; details: { path: string }[] } }>();
      expect(body.error.code, query).toBe('BATON_BAD_CURSOR');
      expect(body.error.details[0]?.path, query).toBe(path);
      const html = await get(`/my-work${query}`);
      expect(html.statusCode, query).toBe(400);
      expect(html.body).toContain('The link to this page of the list is not valid');
    }
  });

  it('shows the page with its counts and Previous / Next links that work without JavaScript', async () => {
    const first = await get('/my-work');
    expect(first.statusCode).toBe(200);
    const summary = (await page()).summary;
    const shown = (label: string) =>
      Number(
        new RegExp(`${label}\\s*</dt>\\s*<dd class="govuk-summary-list__value">\\s*(\\d+)`).exec(
          first.body,
        )?.[1],
      );
    expect(shown('Overdue')).toBe(summary.overdue);
    expect(shown('Due today or within 2 working days')).toBe(summary.dueSoon);
    expect(shown('Due later')).toBe(summary.later);
    expect(first.body).not.toContain('govuk-pagination__prev');
    const next =
      /class="govuk-pagination__next">\s*<a class="govuk-link govuk-pagination__link" href="([^"]+)"/.exec(
        first.body,
      )?.[1];
    expect(next).toMatch(/^\/my-work\?after=[A-Za-z0-9_-]+#deadlines$/);
    const second = await get((next ?? '').replace(/#.*/, '').replaceAll('&amp;', '&'));
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('govuk-pagination__prev');
    expect(second.body).toContain(`Deadline ${expected[25]?.id ?? ''}`);
    expect(second.body).not.toContain(`Deadline ${expected[24]?.id ?? ''}<`);
  });

  it('shows the 20 newest notifications and counts every unread one', async () => {
    const work = await page();
    expect(work.notifications).toHaveLength(20);
    expect(work.notifications.slice(0, 3).map((n) => n.id)).toEqual([
      'n-mine-1',
      'n-mine-0',
      'n-team-19',
    ]);
    expect(work.unread).toBe(27 + 1);
  });
});

/** 100,000 open deadlines (and as many met), spread over agencies and owners, set-based. */
async function bulkDeadlines(t: TestDatabase, dialect: Dialect, agency: string, user: string) {
  const db = t.db;
  await db
    .insertInto('work_items')
    .values({
      id: 'bulk-work',
      workflow_id: 'cin-plan',
      pack_id: 'stockport',
      pack_version: stockport.version,
      subject_type: 'child',
      subject_id: 'nobody',
      state: 'active',
      owner_agency_id: agency,
      opened_at: '2026-01-05T09:00:00.000Z',
      opened_by: user,
      events: '[]',
      data: '{}',
      version: 1,
    })
    .execute();
  const n = 200_000;
  // i even: open; i odd: met at its own moment. A third of the open ones are this agency's, one
  // in fifty this user's; the rest belong to forty other agencies and a thousand other people.
  const body = (i: string, due: string, met: string) => sql`
    INSERT INTO deadlines (id, work_item_id, timescale_id, name, due, citation, owner_agency_id,
      owner_user_id, opened_at, met_at)
    SELECT 'bulk-' || ${sql.raw(i)}, 'bulk-work', 'cin-review', 'A review', ${sql.raw(due)}, '{}',
      CASE WHEN ${sql.raw(i)} % 3 = 0 THEN ${agency} ELSE 'agency-' || (${sql.raw(i)} % 40) END,
      CASE WHEN ${sql.raw(i)} % 50 = 0 THEN ${user} ELSE 'user-' || (${sql.raw(i)} % 1000) END,
      '2026-01-01T00:00:00.000Z',
      CASE WHEN ${sql.raw(i)} % 2 = 1 THEN ${sql.raw(met)} END`;
  if (dialect === 'sqlite')
    await sql`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${n - 1})
      ${body('i', "date('2026-11-23', ((i % 900) - 450) || ' days')", "strftime('%Y-%m-%dT%H:%M:%S.000Z', 1700000000 + i, 'unixepoch')")}
      FROM n`.execute(db);
  else
    await sql`${body('i', "to_char(date '2026-11-23' + ((i % 900) - 450), 'YYYY-MM-DD')", 'to_char(to_timestamp(1700000000 + i) AT TIME ZONE \'UTC\', \'YYYY-MM-DD"T"HH24:MI:SS.000"Z"\')')}
      FROM generate_series(0, ${n - 1}) AS i`.execute(db);
  await sql`ANALYZE`.execute(db);
}

describe.each(dialects)('my work with 100,000 open deadlines on %s', (dialect) => {
  let t: TestDatabase;
  const queries: CompiledQuery[] = [];
  const agency = 'agency-team';
  const user = 'user-me';
  const actor = {
    userId: user,
    username: 'me',
    displayName: 'Me',
    agencyId: agency,
    agencyKind: 'childrens-social-care',
    roles: ['team-manager'],
  } as const;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await bulkDeadlines(t, dialect, agency, user);
    // Every query the page and the counts make, captured as the database receives it.
    const db = t.db.withPlugin({
      transformQuery: (args) => {
        queries.push(t.db.getExecutor().compileQuery(args.node, args.queryId));
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    });
    const first = await deadlinePage(db, actor, { kind: 'first' });
    const key = { due: '2026-06-01', id: 'bulk-0' };
    await deadlinePage(db, actor, { kind: 'after', key });
    await deadlinePage(db, actor, { kind: 'before', key });
    const counts = await deadlineCounts(db, actor, stockport, NOW);
    expect(first.rows).toHaveLength(25);
    let listed = 0;
    for (let i = 0; i < 200_000; i += 2) if (i % 3 === 0 || i % 50 === 0) listed += 1;
    expect(counts.total).toBe(listed);
  }, 120_000);
  afterAll(async () => {
    await t.drop();
  });

  it('reads every list and count along an index, never the whole table or a sort', async () => {
    expect(queries.length).toBeGreaterThanOrEqual(7);
    for (const q of queries) {
      const explain = CompiledQuery.raw(
        `${dialect === 'sqlite' ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN'} ${q.sql}`,
        [...q.parameters],
      );
      const plan = (await t.db.executeQuery<Record<string, unknown>>(explain)).rows
        .map((r) => String(r.detail ?? r['QUERY PLAN']))
        .join('\n');
      if (dialect === 'sqlite') {
        expect(plan, q.sql).not.toMatch(/SCAN (deadlines|d)\b|TEMP B-TREE/);
        expect(plan, q.sql).toMatch(/deadlines_(agency|user)_open_due_idx/);
      } else {
        expect(plan, q.sql).not.toMatch(/Seq Scan on deadlines|Sort/);
        expect(plan, q.sql).toMatch(/deadlines_(agency|user)_open_due_idx/);
      }
    }
  });
});
