/**
 * Crash test (issue 5 §3): the built server is killed with SIGKILL at random moments while writers
 * keep it busy; after each kill every acknowledged write must be in the database, the database
 * must pass its integrity check, and the server must start again and answer. SQLite always;
 * PostgreSQL when the test server answers. Set BATON_CRASH_SEED to repeat a run's kill moments.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/index.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-databases.js';
import {
  postgresIntegrityProblems,
  runCrashRounds,
  seededRandom,
  sqliteIntegrityProblems,
  type CrashReport,
} from './crash-harness.js';
import { requireBuiltServer } from './server-process.js';

const dialects = await testDialects();
const PASSWORD = 'crash-test-password';
const SEED = Number(process.env.BATON_CRASH_SEED ?? Date.now() % 1_000_000);
// SQLite is the embedded default and gets the 20 kills; PostgreSQL (whose own durability
// is not on trial, only Baton's use of transactions) gets fewer to keep CI quick.
// BATON_CRASH_ROUNDS runs more of both.
const extra = Number(process.env.BATON_CRASH_ROUNDS ?? 0);
const ROUNDS = { sqlite: Math.max(20, extra), postgres: Math.max(6, extra) } as const;

const baseEnv = {
  BATON_DEMO_PASSWORD: PASSWORD,
  BATON_LOG_LEVEL: 'silent',
  // The session is reused across restarts; only the first round signs in.
  BATON_SIGN_IN_LIMIT: '1000',
};

function summary(dialect: string, r: CrashReport): string {
  const acked = r.rounds.map((x) => x.acked);
  const starts = r.rounds.map((x) => x.startMs).sort((a, b) => a - b);
  return `crash test on ${dialect} (seed ${String(SEED)}): ${String(r.rounds.length)} kills, ${String(r.ackedTotal)} acknowledged writes (per round ${String(Math.min(...acked))}-${String(Math.max(...acked))}), ${String(r.verifiedTotal)} found after the last kill, ${String(r.rounds.reduce((n, x) => n + x.unanswered, 0))} in flight at a kill; start to /health median ${String(starts[Math.floor(starts.length / 2)] ?? 0)} ms`;
}

describe.each(dialects)('crash recovery on %s', (dialect) => {
  const dirs: string[] = [];
  let pg: TestDatabase | undefined;
  afterAll(async () => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await pg?.drop();
  });

  it(`keeps every acknowledged write through ${String(ROUNDS[dialect])} kill -9s, passes its integrity check and starts cleanly`, async () => {
    requireBuiltServer();
    const dir = mkdtempSync(join(tmpdir(), 'baton-crash-'));
    dirs.push(dir);
    let env: Record<string, string>;
    let report: CrashReport;
    if (dialect === 'sqlite') {
      const sqlitePath = join(dir, 'baton.sqlite');
      env = { ...baseEnv, BATON_SQLITE_PATH: sqlitePath };
      report = await runCrashRounds({
        rounds: ROUNDS.sqlite,
        env,
        password: PASSWORD,
        random: seededRandom(SEED),
        maxWriteMs: 800,
        store: {
          open: () => Promise.resolve(openDatabase({ sqlitePath }).db),
          close: (db) => db.destroy(),
          integrityProblems: sqliteIntegrityProblems,
        },
      });
    } else {
      pg = await createTestDatabase('postgres');
      const handle = pg;
      env = { ...baseEnv, DATABASE_URL: handle.url ?? '' };
      report = await runCrashRounds({
        rounds: ROUNDS.postgres,
        env,
        password: PASSWORD,
        random: seededRandom(SEED),
        maxWriteMs: 800,
        store: {
          open: () => Promise.resolve(handle.db),
          close: () => Promise.resolve(),
          integrityProblems: postgresIntegrityProblems,
        },
      });
    }
    console.log(summary(dialect, report));
    expect(report.failures).toEqual([]);
    expect(report.rounds).toHaveLength(ROUNDS[dialect]);
    // Every round wrote something before its kill: the test exercised what it claims to.
    expect(report.rounds.filter((r) => r.acked === 0)).toEqual([]);
    expect(report.verifiedTotal).toBe(report.ackedTotal);
  }, 240_000);
});
