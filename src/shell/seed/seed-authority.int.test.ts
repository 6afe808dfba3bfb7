/**
 * The synthetic authority: the same seed gives the same rows; NHS numbers are valid and from the
 * test range; every table the application uses is filled; seeded children are found by the real
 * intake search and read through the child record API; a database with other records is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { isTestRangeNhsNumber } from '../../core/people/index.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import { loadPacks } from '../policy/pack-files.js';
import { createTestDatabase, testDialects } from '../testing/test-databases.js';
import {
  apiSignIn,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from '../testing/test-server.js';
import type { DatabaseHandle } from '../db/index.js';
import { countOpenEpisodes, seedAuthority, TABLE_ORDER } from './index.js';

const AS_OF = '2026-11-23';
const pack = loadPacks().get('stockport') as ResolvedPack;
/** Tables only a live system fills: sign-in sessions and merges of duplicate records. */
const NOT_SEEDED = ['sessions', 'person_merges'];

async function counts(handle: DatabaseHandle): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLE_ORDER) {
    const r = await sql<{
      n: number | string;
    }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(handle.db);
    out[table] = Number(r.rows[0]?.n ?? 0);
  }
  return out;
}

async function sample(handle: DatabaseHandle) {
  const db = handle.db;
  return {
    people: await db.selectFrom('people').selectAll().orderBy('id').limit(25).execute(),
    work: await db.selectFrom('work_items').selectAll().orderBy('id').limit(25).execute(),
    audit: await db
      .selectFrom('audit_events')
      .select(['id', 'at', 'actor_user_id', 'action', 'object_id', 'reason'])
      .orderBy('id')
      .limit(25)
      .execute(),
    deadlines: await db.selectFrom('deadlines').selectAll().orderBy('id').limit(25).execute(),
  };
}

/** What the open episodes look like: counts, kinds, deadlines and who owns them. */
async function openEpisodes_(handle: DatabaseHandle) {
  const db = handle.db;
  const n = (r: { n: number | string | bigint } | undefined) => Number(r?.n ?? 0);
  const openWork = db
    .selectFrom('work_items')
    .where('closed_at', 'is', null)
    .where('workflow_id', 'not in', ['contact', 'disagreement']);
  const openDeadlines = db
    .selectFrom('deadlines')
    .innerJoin('work_items', 'work_items.id', 'deadlines.work_item_id')
    .where('deadlines.met_at', 'is', null)
    .where('work_items.closed_at', 'is', null)
    .where('work_items.workflow_id', 'not in', ['contact', 'disagreement']);
  const count = (q: typeof openDeadlines) =>
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const pairs = await openWork
    .innerJoin('work_item_children', 'work_item_children.work_item_id', 'work_items.id')
    .select(['work_item_children.child_id', 'work_items.workflow_id'])
    .execute();
  return {
    count: await countOpenEpisodes(db),
    workflows: (await openWork.select('workflow_id').distinct().execute()).map(
      (r) => r.workflow_id,
    ),
    duplicateKinds: pairs.length - new Set(pairs.map((p) => `${p.child_id}|${p.workflow_id}`)).size,
    withoutChild: n(
      await openWork
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('work_item_children')
                .select('child_id')
                .whereRef('work_item_children.work_item_id', '=', 'work_items.id'),
            ),
          ),
        )
        .executeTakeFirst(),
    ),
    openDeadlines: n(await count(openDeadlines)),
    overdue: n(await count(openDeadlines.where('deadlines.due', '<', AS_OF))),
    agencies: n(
      await openDeadlines
        .select((eb) => eb.fn.count<number>('deadlines.owner_agency_id').distinct().as('n'))
        .executeTakeFirst(),
    ),
    owners: n(
      await openDeadlines
        .select((eb) => eb.fn.count<number>('deadlines.owner_user_id').distinct().as('n'))
        .executeTakeFirst(),
    ),
    ownerOutsideWorkAgency: n(
      await count(
        openDeadlines.whereRef('deadlines.owner_agency_id', '!=', 'work_items.owner_agency_id'),
      ),
    ),
    sample: await openWork.selectAll().orderBy('id', 'desc').limit(25).execute(),
  };
}

for (const dialect of await testDialects()) {
  describe(`baton seed on ${dialect}`, () => {
    it('gives the same authority for the same seed, and another for another seed', async () => {
      const seeded = [];
      for (const seed of [7, 7, 8]) {
        const db = await createTestDatabase(dialect);
        try {
          await seedAuthority(db, {
            children: 400,
            randomSeed: seed,
            asOf: AS_OF,
            force: false,
            password: TEST_PASSWORD,
            pack,
          });
          seeded.push({ counts: await counts(db), sample: await sample(db) });
        } finally {
          await db.drop();
        }
      }
      const [a, b, c] = seeded;
      expect(a?.counts.people).toBeGreaterThan(400);
      expect(b).toEqual(a);
      expect(c?.sample.people).not.toEqual(a?.sample.people);
    }, 180_000);

    it('opens episodes until the number asked for are open, the same for the same seed', async () => {
      const runs = [];
      for (const openEpisodes of [1200, 1200, 1]) {
        const db = await createTestDatabase(dialect);
        try {
          const summary = await seedAuthority(db, {
            children: 400,
            openEpisodes,
            randomSeed: 7,
            asOf: AS_OF,
            force: false,
            password: TEST_PASSWORD,
            pack,
          });
          runs.push({ summary, open: await openEpisodes_(db) });
        } finally {
          await db.drop();
        }
      }
      const [a, b, few] = runs;
      if (!a || !b || !few) throw new Error('three runs');
      // More episodes than children without open work: some children get a second kind.
      expect(a.summary.openEpisodes.total).toBe(1200);
      expect(a.summary.openEpisodes.added).toBeGreaterThan(1000);
      expect(a.open.count).toBe(1200);
      expect(b.open).toEqual(a.open);
      expect(b.summary.rows).toEqual(a.summary.rows);
      // The realistic seed already opens more than one: nothing added.
      expect(few.summary.openEpisodes.added).toBe(0);
      expect(few.summary.openEpisodes.total).toBeGreaterThan(1);

      const o = a.open;
      expect(o.duplicateKinds).toBe(0);
      expect(o.workflows.sort()).toEqual(
        [
          'cf-assessment',
          'cin-plan',
          'cp-plan',
          'early-help-episode',
          'looked-after',
          's47',
        ].sort(),
      );
      // Deadlines overdue and still to come, owned where the work is, by many people.
      expect(o.overdue).toBeGreaterThan(o.openDeadlines * 0.1);
      expect(o.overdue).toBeLessThan(o.openDeadlines * 0.5);
      expect(o.agencies).toBeGreaterThanOrEqual(3);
      expect(o.owners).toBeGreaterThan(40);
      expect(o.ownerOutsideWorkAgency).toBe(0);
      expect(o.withoutChild).toBe(0);
    }, 180_000);

    describe('an authority of 2,000 children', () => {
      let server: TestServer;
      beforeAll(async () => {
        server = await startTestServer({ dialect });
        await seedAuthority(server.database, {
          children: 2000,
          randomSeed: 1,
          asOf: AS_OF,
          force: false,
          password: TEST_PASSWORD,
          pack,
        });
      }, 180_000);
      afterAll(async () => {
        await server.close();
      });

      it('fills every table the application uses', async () => {
        const n = await counts(server.database);
        console.log(`seeded rows (${dialect}, 2,000 children):`, n);
        for (const table of TABLE_ORDER) expect(n[table], table).toBeGreaterThan(0);
        expect(n.people).toBeGreaterThan(2000);
        // About 20 history and audit events a child.
        expect(n.audit_events).toBeGreaterThan(2000 * 10);
        const children = await server.database.db
          .selectFrom('people')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('kind', '=', 'child')
          .where('family_name', 'not like', '%(demo)')
          .executeTakeFirstOrThrow();
        expect(Number(children.n)).toBe(2000);
        expect(NOT_SEEDED.every((t) => !(TABLE_ORDER as readonly string[]).includes(t))).toBe(true);
      });

      it('uses only valid NHS numbers from the test range', async () => {
        const rows = await server.database.db
          .selectFrom('people')
          .select('nhs_number')
          .where('nhs_number', 'is not', null)
          .execute();
        expect(rows.length).toBeGreaterThan(1500);
        const bad = rows.filter((r) => !isTestRangeNhsNumber(r.nhs_number ?? ''));
        expect(bad).toEqual([]);
        expect(new Set(rows.map((r) => r.nhs_number)).size).toBe(rows.length);
      });

      it('lets intake search find seeded children and the child record API read them', async () => {
        const cookie = await apiSignIn(server.app, 'front-door');
        const children = await server.database.db
          .selectFrom('work_item_children')
          .innerJoin('people', 'people.id', 'work_item_children.child_id')
          .select(['people.id', 'people.family_name', 'people.date_of_birth', 'people.nhs_number'])
          .where('people.date_of_birth', 'is not', null)
          .orderBy('people.id')
          .limit(5)
          .execute();
        expect(children.length).toBe(5);
        for (const child of children) {
          const search = await server.app.inject({
            method: 'GET',
            url: `/api/people/search?familyName=${encodeURIComponent(child.family_name)}&dateOfBirth=${child.date_of_birth ?? ''}`,
            headers: { cookie },
          });
          expect(search.statusCode).toBe(200);
          const ids = search.json<{ candidates: { id: string }[] }>().candidates.map((c) => c.id);
          expect(ids).toContain(child.id);
          const record = await server.app.inject({
            method: 'GET',
            url: `/api/children/${child.id}`,
            headers: { cookie },
          });
          expect(record.statusCode).toBe(200);
          const body = record.json<{
            child: { id: string; nhsNumber: string | null };
            work: unknown[];
            timeline: { entries: unknown[] };
          }>();
          expect(body.child.id).toBe(child.id);
          expect(body.child.nhsNumber).toBe(child.nhs_number);
          expect(body.work.length).toBeGreaterThan(0);
          const page = await server.app.inject({
            method: 'GET',
            url: `/children/${child.id}`,
            headers: { cookie },
          });
          expect(page.statusCode).toBe(200);
        }
      });

      it('refuses to seed again into a database that holds records besides the demo data', async () => {
        await expect(
          seedAuthority(server.database, {
            children: 10,
            randomSeed: 2,
            asOf: AS_OF,
            force: false,
            password: TEST_PASSWORD,
            pack,
          }),
        ).rejects.toMatchObject({ code: 'BATON_SEED_NOT_EMPTY' });
        await expect(
          seedAuthority(server.database, {
            children: 10,
            randomSeed: 1,
            asOf: AS_OF,
            force: true,
            password: TEST_PASSWORD,
            pack,
          }),
        ).rejects.toMatchObject({ code: 'BATON_SEED_NOT_EMPTY' });
      });
    });
  });
}
