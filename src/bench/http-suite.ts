/**
 * The HTTP suite on one database: seed a synthetic authority, serve Baton from dist in a child
 * process, sign in the demo team manager and load the child record (JSON and page), intake
 * search and the team's "due and overdue" list.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dialect } from '../shell/db/index.js';
import { loadPacks } from '../shell/policy/pack-files.js';
import { countOpenEpisodes, seedAuthority } from '../shell/seed/index.js';
import { createTestDatabase } from '../shell/testing/test-databases.js';
import { ROOT_DIR } from '../shell/server/views.js';
import type { CensusRun } from './census-run.js';
import { BENCH_PASSWORD, load, serve, signIn, type LoadResult } from './http-load.js';

export const BENCH_PACK = 'stockport';
export const AS_OF = '2026-11-23';

export interface SuiteOptions {
  dialect: Dialect;
  children: number;
  /** Open episodes until this many are open (`baton seed --open-episodes`); not for search only. */
  openEpisodes?: number;
  seconds: number;
  /** A free one when not given. */
  port?: number;
  /** Only intake search (for the larger search database). */
  searchOnly?: boolean;
}

export interface SuiteResult {
  dialect: Dialect;
  children: number;
  people: number;
  openEpisodes: number;
  openDeadlines: number;
  seedSeconds: number;
  measures: Partial<Record<'childJson' | 'childHtml' | 'search' | 'teamDue', LoadResult>>;
  /** The 2025-26 CIN census of the seeded authority, written to a file in its own process. */
  census?: CensusRun;
}

/** Run the census in a child process (its peak RSS is the census's alone) and read its figures. */
export async function measureCensus(env: NodeJS.ProcessEnv, out: string): Promise<CensusRun> {
  const child = spawn(
    process.execPath,
    [join(ROOT_DIR, 'dist', 'bench', 'census-run.js'), '--year', '2025-26', '--out', out],
    { env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let stdout = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`census-run exited with ${String(code)}`);
  return JSON.parse(stdout.trim()) as CensusRun;
}

/** Seed, serve and load one database; everything it made is removed afterwards. */
export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-'));
  const sqlitePath = join(dir, 'bench.sqlite');
  const database = await createTestDatabase(options.dialect, { sqlitePath });
  try {
    const pack = loadPacks().get(BENCH_PACK);
    if (!pack) throw new Error(`the ${BENCH_PACK} pack is missing`);
    const summary = await seedAuthority(database, {
      children: options.children,
      ...(options.openEpisodes !== undefined &&
        !options.searchOnly && { openEpisodes: options.openEpisodes }),
      randomSeed: 1,
      asOf: AS_OF,
      force: false,
      password: BENCH_PASSWORD,
      pack,
    });
    const db = database.db;
    const children = await db
      .selectFrom('work_item_children')
      .select('child_id')
      .distinct()
      .orderBy('child_id')
      .limit(500)
      .execute();
    const people = await db
      .selectFrom('people')
      .select(['family_name', 'date_of_birth'])
      .where('date_of_birth', 'is not', null)
      .orderBy('id')
      .limit(500)
      .execute();
    const count = async (q: Promise<{ n: number | string | bigint }>) => Number((await q).n);
    const peopleCount = await count(
      db
        .selectFrom('people')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    );
    const openEpisodes = await countOpenEpisodes(db);
    const openDeadlines = await count(
      db
        .selectFrom('deadlines')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('met_at', 'is', null)
        .executeTakeFirstOrThrow(),
    );

    const env: NodeJS.ProcessEnv = { ...process.env, BATON_PACK: BENCH_PACK };
    delete env.DATABASE_URL;
    if (database.url !== undefined) env.DATABASE_URL = database.url;
    else env.BATON_SQLITE_PATH = sqlitePath;
    // The census first, on a quiet database: seconds and peak RSS of the streamed XML.
    const census = options.searchOnly ? undefined : await measureCensus(env, join(dir, 'cin.xml'));
    const server = await serve('shell/server/main.js', options.port, env);
    const measures: SuiteResult['measures'] = {};
    try {
      // The demo team manager in children's social care sees every child and the team's deadlines.
      const cookie = await signIn(server.base, 'team-manager');
      const search = people.map(
        (p) =>
          `/api/people/search?familyName=${encodeURIComponent(p.family_name)}&dateOfBirth=${p.date_of_birth ?? ''}`,
      );
      measures.search = await load(server.base, search, options.seconds, cookie);
      if (!options.searchOnly) {
        const ids = children.map((c) => c.child_id);
        measures.childJson = await load(
          server.base,
          ids.map((id) => `/api/children/${id}`),
          options.seconds,
          cookie,
        );
        measures.childHtml = await load(
          server.base,
          ids.map((id) => `/children/${id}`),
          options.seconds,
          cookie,
        );
        measures.teamDue = await load(server.base, ['/api/my-work'], options.seconds, cookie);
      }
    } finally {
      await server.stop();
    }
    return {
      dialect: options.dialect,
      children: options.children,
      people: peopleCount,
      openEpisodes,
      openDeadlines,
      seedSeconds: summary.seconds,
      measures,
      ...(census !== undefined && { census }),
    };
  } finally {
    await database.drop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
