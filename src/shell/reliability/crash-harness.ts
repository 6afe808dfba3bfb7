/**
 * The crash test's rounds: start the built server, keep writers going, SIGKILL the server at a
 * random moment, then check that every acknowledged write is in the database, that the database
 * passes its integrity check, and that the server starts again and answers.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { runWriter, type AckedWrite, type WorkloadState } from './crash-workload.js';
import { httpCall, httpSignIn, startServerProcess } from './server-process.js';

/** Where the crash test looks after each kill: the database the server used. */
export interface CrashStore {
  /** Open a connection (SQLite: after the kill, which also recovers the WAL). */
  open(): Promise<Kysely<Database>>;
  /** Close what `open` opened (before the next start, for SQLite). */
  close(db: Kysely<Database>): Promise<void>;
  /** Problems the database's own integrity check finds: none means healthy. */
  integrityProblems(db: Kysely<Database>): Promise<string[]>;
}

export interface CrashOptions {
  rounds: number;
  /** Environment for the server: the database, the demo password. */
  env: Record<string, string>;
  password: string;
  store: CrashStore;
  /** Deterministic random numbers in [0, 1) for the kill moments. */
  random: () => number;
  /** Writes run for this long at most before the kill (ms); the kill falls at a random point. */
  maxWriteMs: number;
}

export interface RoundFigures {
  round: number;
  startMs: number;
  writeMs: number;
  acked: number;
  unanswered: number;
}

export interface CrashReport {
  rounds: RoundFigures[];
  ackedTotal: number;
  /** Acknowledged writes found in the database after the last crash. */
  verifiedTotal: number;
  /** Each failure says what was lost or broken, and in which round. */
  failures: string[];
}

const WRITERS = ['person', 'person', 'contact', 'contact', 'edit'] as const;

/** Run the rounds; resolves with figures and every failure found (none means the test passes). */
export async function runCrashRounds(o: CrashOptions): Promise<CrashReport> {
  const all: AckedWrite[] = [];
  const rounds: RoundFigures[] = [];
  const failures: string[] = [];
  let lastMissing = 0;
  let editedPersonId = '';
  let cookie = '';
  const state: WorkloadState = { next: 0, acked: [], unanswered: 0, refused: [], editVersion: 0 };

  for (let round = 1; round <= o.rounds; round++) {
    const server = await startServerProcess(o.env);
    try {
      // The first round signs in and makes the child whose record is edited; later rounds reuse
      // the session, which is itself an acknowledged write that must survive every crash.
      if (round === 1) {
        cookie = await httpSignIn(server.url, 'practitioner', o.password);
        const made = await httpCall(server.url, 'POST', '/api/people', {
          cookie,
          body: {
            kind: 'child',
            givenName: 'Edited',
            familyName: 'Ironside-Example',
            dateOfBirth: '2016-01-01',
          },
        });
        if (made.status !== 201)
          throw new Error(`could not create the edited child: ${JSON.stringify(made.body)}`);
        editedPersonId = (made.body as { id: string }).id;
      }
      // After a crash the last edit may have landed unanswered: read the version actually stored.
      const current = await httpCall(server.url, 'GET', `/api/people/${editedPersonId}`, {
        cookie,
      });
      if (current.status !== 200) {
        failures.push(
          `round ${String(round)}: the server did not answer a signed-in read after restart (${String(current.status)})`,
        );
        break;
      }
      state.editVersion = (current.body as { version: number }).version;
      await spotCheckThroughApi(server.url, cookie, all, round, failures);

      state.acked = [];
      const unansweredBefore = state.unanswered;
      let killed = false;
      const began = performance.now();
      const writers = WRITERS.map((kind) =>
        runWriter(server.url, cookie, kind, editedPersonId, state, () => killed),
      );
      // The kill falls at a random moment once writes are landing (so every round has some).
      const firstAckBy = performance.now() + 10_000;
      while (state.acked.length === 0 && performance.now() < firstAckBy) await delay(5);
      await delay(o.random() * o.maxWriteMs);
      await server.kill9();
      killed = true;
      await Promise.all(writers);
      const writeMs = performance.now() - began;
      all.push(...state.acked);
      rounds.push({
        round,
        startMs: Math.round(server.startMs),
        writeMs: Math.round(writeMs),
        acked: state.acked.length,
        unanswered: state.unanswered - unansweredBefore,
      });
      for (const r of state.refused.splice(0).slice(0, 3))
        failures.push(
          `round ${String(round)}: a write was refused: ${String(r.status)} ${JSON.stringify(r.body)}`,
        );
    } catch (e) {
      await server.kill9();
      throw e;
    }

    const db = await o.store.open();
    try {
      for (const p of await o.store.integrityProblems(db))
        failures.push(`round ${String(round)}: integrity check: ${p}`);
      const missing = await missingWrites(db, all);
      lastMissing = missing.length;
      for (const m of missing)
        failures.push(`round ${String(round)}: acknowledged write lost: ${m}`);
    } finally {
      await o.store.close(db);
    }
  }

  // The server starts cleanly once more after the last crash, and answers.
  const last = await startServerProcess(o.env);
  try {
    await spotCheckThroughApi(last.url, cookie, all, o.rounds + 1, failures);
  } finally {
    await last.stop();
  }
  return { rounds, ackedTotal: all.length, verifiedTotal: all.length - lastMissing, failures };
}

/** Every acknowledged write that is not in the database, described. */
export async function missingWrites(
  db: Kysely<Database>,
  acked: readonly AckedWrite[],
): Promise<string[]> {
  const missing: string[] = [];
  const people = new Set((await db.selectFrom('people').select('id').execute()).map((r) => r.id));
  const contacts = new Set(
    (await db.selectFrom('contacts').select('id').execute()).map((r) => r.id),
  );
  const work = new Set((await db.selectFrom('work_items').select('id').execute()).map((r) => r.id));
  let lastEdit: Extract<AckedWrite, { kind: 'edit' }> | undefined;
  for (const w of acked) {
    if (w.kind === 'person' && !people.has(w.id)) missing.push(`person ${w.id}`);
    if (w.kind === 'contact') {
      if (!contacts.has(w.contactId)) missing.push(`contact ${w.contactId}`);
      if (!work.has(w.workItemId)) missing.push(`work item ${w.workItemId}`);
      for (const c of w.childIds) if (!people.has(c)) missing.push(`contact child ${c}`);
    }
    if (w.kind === 'edit' && (lastEdit === undefined || w.version > lastEdit.version)) lastEdit = w;
  }
  if (lastEdit !== undefined) {
    const row = await db
      .selectFrom('people')
      .select(['version', 'address'])
      .where('id', '=', lastEdit.personId)
      .executeTakeFirst();
    // A later edit may have landed unanswered; the acknowledged one must never be undone.
    if (row === undefined || row.version < lastEdit.version)
      missing.push(`edit to version ${String(lastEdit.version)} (found ${String(row?.version)})`);
    else if (row.version === lastEdit.version && row.address !== lastEdit.address)
      missing.push(`edit "${lastEdit.address}" (found "${String(row.address)}")`);
  }
  return missing;
}

/** Read the latest acknowledged records back through the API of the restarted server. */
async function spotCheckThroughApi(
  url: string,
  cookie: string,
  all: readonly AckedWrite[],
  round: number,
  failures: string[],
): Promise<void> {
  const recent = all.filter((w) => w.kind === 'person').slice(-5);
  for (const w of recent) {
    const r = await httpCall(url, 'GET', `/api/people/${w.id}`, { cookie });
    if (r.status !== 200)
      failures.push(
        `round ${String(round)}: GET /api/people/${w.id} answered ${String(r.status)} after restart`,
      );
  }
}

/** SQLite: `PRAGMA integrity_check` must say ok and `foreign_key_check` find nothing. */
export async function sqliteIntegrityProblems(db: Kysely<Database>): Promise<string[]> {
  const integrity = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db);
  const problems = integrity.rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  const fk = await sql<{
    table: string;
    rowid: number;
    parent: string;
  }>`PRAGMA foreign_key_check`.execute(db);
  for (const r of fk.rows)
    problems.push(`${r.table} row ${String(r.rowid)} refers to a missing ${r.parent}`);
  return problems;
}

/** PostgreSQL: amcheck's `bt_index_check` on every B-tree index of the database. */
export async function postgresIntegrityProblems(db: Kysely<Database>): Promise<string[]> {
  await sql`CREATE EXTENSION IF NOT EXISTS amcheck`.execute(db);
  const indexes = await sql<{ name: string }>`
    SELECT c.oid::regclass::text AS name FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE a.amname = 'btree' AND n.nspname = current_schema()`.execute(db);
  const problems: string[] = [];
  for (const { name } of indexes.rows) {
    try {
      await sql`SELECT bt_index_check(${name}::regclass, true)`.execute(db);
    } catch (e) {
      problems.push(`index ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (indexes.rows.length === 0) problems.push('no indexes were found to check');
  return problems;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A small deterministic generator (mulberry32), so that a failing run can be repeated. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
