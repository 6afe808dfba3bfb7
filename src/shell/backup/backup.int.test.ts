/**
 * `baton backup` and `baton restore` on every database (issue 5 §3), online: the real server runs
 * in its own process with writers keeping it busy while the backup is taken. A quiet round trip
 * gives identical rows in every table; a backup taken mid-write restores to one consistent moment
 * that holds every write acknowledged before it began. Refusals are coded and leave data alone.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../core/errors/error-catalogue.js';
import { openDatabase, type Database, type Dialect } from '../db/index.js';
import { runBaton } from '../cli/cli-test-kit.js';
import { missingWrites, sqliteIntegrityProblems } from '../reliability/crash-harness.js';
import { runWriter, type WorkloadState } from '../reliability/crash-workload.js';
import {
  httpSignIn,
  startServerProcess,
  type ServerProcess,
} from '../reliability/server-process.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-databases.js';
import { MIGRATION_TABLES } from './backup-format.js';

const dialects = await testDialects();
const PASSWORD = 'backup-test-password';

/** Every row of every Baton table, each table's rows in a stable order. */
async function everyRow(
  db: Kysely<Database>,
  dialect: Dialect,
): Promise<Record<string, unknown[]>> {
  const names =
    dialect === 'sqlite'
      ? await sql<{
          name: string;
        }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(
          db,
        )
      : await sql<{
          name: string;
        }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`.execute(db);
  const out: Record<string, unknown[]> = {};
  for (const { name } of names.rows) {
    if (MIGRATION_TABLES.includes(name)) continue;
    const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(db);
    out[name] = rows.rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

describe.each(dialects)('baton backup and restore on %s', (dialect) => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-backup-'));
  const made: TestDatabase[] = [];
  let source: { env: Record<string, string>; db: Kysely<Database> };
  let server: ServerProcess;
  let cookie = '';
  const state: WorkloadState = { next: 0, acked: [], unanswered: 0, refused: [], editVersion: 0 };

  const opened: Kysely<Database>[] = [];
  /** A new, empty place to restore into: its environment, and a connection opened on first use. */
  async function emptyTarget(): Promise<{
    env: Record<string, string>;
    db: () => Kysely<Database>;
  }> {
    if (dialect === 'sqlite') {
      const sqlitePath = join(
        dir,
        `restored-${String(opened.length)}-${String(Date.now())}.sqlite`,
      );
      let db: Kysely<Database> | undefined;
      return {
        env: { BATON_SQLITE_PATH: sqlitePath },
        db: () => {
          if (db === undefined) {
            db = openDatabase({ sqlitePath }).db;
            opened.push(db);
          }
          return db;
        },
      };
    }
    const t = await createTestDatabase('postgres');
    made.push(t);
    return { env: { DATABASE_URL: t.url ?? '' }, db: () => t.db };
  }

  const baton = (args: string[], env: Record<string, string>) =>
    runBaton(args, { BATON_DEMO_PASSWORD: PASSWORD, ...env });

  beforeAll(async () => {
    if (dialect === 'sqlite') {
      const sqlitePath = join(dir, 'live.sqlite');
      source = { env: { BATON_SQLITE_PATH: sqlitePath }, db: openDatabase({ sqlitePath }).db };
    } else {
      const t = await createTestDatabase('postgres');
      made.push(t);
      source = { env: { DATABASE_URL: t.url ?? '' }, db: t.db };
    }
    server = await startServerProcess({
      ...source.env,
      BATON_DEMO_PASSWORD: PASSWORD,
      BATON_LOG_LEVEL: 'silent',
    });
    cookie = await httpSignIn(server.url, 'practitioner', PASSWORD);
  }, 60_000);
  afterAll(async () => {
    await server.stop();
    await source.db.destroy();
    for (const db of opened) await db.destroy();
    for (const t of made) await t.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes a consistent backup while writes go on, holding every write acknowledged before it began', async () => {
    let stop = false;
    const writers = (['person', 'contact', 'contact'] as const).map((kind) =>
      runWriter(server.url, cookie, kind, '', state, () => stop),
    );
    while (state.acked.length < 6) await new Promise((r) => setTimeout(r, 10));
    const before = [...state.acked];
    const file = join(dir, 'during-writes.backup');
    const taken = await baton(['backup', file], source.env);
    const during = state.acked.length - before.length;
    stop = true;
    await Promise.all(writers);
    expect(taken.err).toBe('');
    expect(taken.out).toMatch(/^backed up (SQLite|PostgreSQL): \d+ tables, \d+ rows/);
    expect(state.refused).toEqual([]);

    const target = await emptyTarget();
    const restored = await baton(['restore', file], target.env);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    expect(await missingWrites(target.db(), before)).toEqual([]);
    if (dialect === 'sqlite') expect(await sqliteIntegrityProblems(target.db())).toEqual([]);
    // One moment: every contact written by the writers came with its three people and its work
    // item (the demo families' contacts are shaped differently).
    const halfContacts = await sql<{ id: string }>`
      SELECT c.id FROM contacts c
      WHERE c.concerns LIKE 'Crash test contact%' AND ((SELECT count(*) FROM contact_people p WHERE p.contact_id = c.id) <> 3
         OR NOT EXISTS (SELECT 1 FROM work_items w WHERE w.subject_type = 'contact' AND w.subject_id = c.id))`.execute(
      target.db(),
    );
    expect(halfContacts.rows).toEqual([]);
    console.log(
      `backup on ${dialect}: ${taken.out.trim()}; ${String(during)} writes acknowledged while it ran`,
    );
  }, 60_000);

  it('round-trips to identical rows in every table', async () => {
    const file = join(dir, 'quiet.backup');
    expect((await baton(['backup', file], source.env)).code).toBe(0);
    const target = await emptyTarget();
    const restored = await baton(['restore', file], target.env);
    expect(restored.err).toBe('');
    const want = await everyRow(source.db, dialect);
    const got = await everyRow(target.db(), dialect);
    expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
    for (const table of Object.keys(want)) expect(got[table], table).toEqual(want[table]);
    expect(want.contacts?.length ?? 0).toBeGreaterThan(0);
    // The restored database serves: the same user signs in and reads a restored child.
    const again = await startServerProcess({
      ...target.env,
      BATON_DEMO_PASSWORD: PASSWORD,
      BATON_LOG_LEVEL: 'silent',
    });
    try {
      const person = state.acked.find((w) => w.kind === 'person');
      const c = await httpSignIn(again.url, 'practitioner', PASSWORD);
      const res = await fetch(
        `${again.url}/api/people/${person?.kind === 'person' ? person.id : ''}`,
        {
          headers: { cookie: c },
        },
      );
      expect(res.status).toBe(200);
    } finally {
      await again.stop();
    }
  }, 90_000);

  it('refuses, with coded messages, to overwrite a file, to restore into a non-empty database, or to restore a damaged file', async () => {
    const file = join(dir, 'refusals.backup');
    expect((await baton(['backup', file], source.env)).code).toBe(0);
    const exists = await baton(['backup', file], source.env);
    expect(exists.code).toBe(1);
    expect(exists.err).toContain(ERRORS.BATON_BACKUP_FILE_EXISTS.message);

    const notEmpty = await baton(['restore', file], source.env);
    expect(notEmpty.code).toBe(1);
    expect(notEmpty.err).toMatch(/already (holds|has) .*rows/);

    // A file cut short (the end line lost) is refused, and nothing is left half-restored.
    const cut = join(dir, 'cut.backup');
    const whole = readFileSync(file);
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const target = await emptyTarget();
    const damaged = await baton(['restore', cut], target.env);
    expect(damaged.code).toBe(1);
    expect(damaged.err).toMatch(/cut short|cannot be read/);
    if (dialect === 'postgres') {
      const people = await target
        .db()
        .selectFrom('people')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(people.n)).toBe(0);
    }

    const junk = join(dir, 'junk.backup');
    writeFileSync(junk, 'not a backup\n');
    const notBackup = await baton(['restore', junk], (await emptyTarget()).env);
    expect(notBackup.err).toContain(ERRORS.BATON_BACKUP_UNREADABLE.message);
  }, 60_000);
});
