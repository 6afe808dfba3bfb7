/**
 * CI for `npm run bench` (issue 5 §5): the whole harness at a reduced size (5,000 children,
 * short loads, both databases) proves every measure is produced. Figures are printed, never
 * asserted: timings on a shared machine are noise, so no test fails on a time.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runBench } from '../src/bench/bench-harness.js';
import { ROOT_DIR } from '../src/shell/server/views.js';
import { testDialects } from '../src/shell/testing/test-databases.js';

it('runs every benchmark at a reduced size and produces sane figures', async () => {
  // The harness serves Baton from dist, as `npm run bench` does (CI builds before testing).
  if (
    !existsSync(join(ROOT_DIR, 'dist/bench/hello-server.js')) ||
    !existsSync(join(ROOT_DIR, 'dist/bench/census-run.js'))
  )
    execFileSync(
      process.execPath,
      [join(ROOT_DIR, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      { cwd: ROOT_DIR },
    );
  const dialects = await testDialects();
  const report = await runBench({
    children: 5000,
    // As many open episodes as children, as `npm run bench` does by default (adds about a second).
    openEpisodes: 5000,
    searchChildren: 5000,
    // Long enough that 64 connections see answers even while the rest of CI loads the machine
    // (at 2 s, one PostgreSQL page load once finished no request in its window).
    seconds: 4,
    thresholdSeconds: 0.5,
    startupRuns: 2,
    dialects,
    log: (line) => {
      console.log(`bench: ${line}`);
    },
  });
  console.table(
    report.rows.map((r) => ({
      measure: r.measure,
      figure: `${String(r.figure)} ${r.unit}`,
      goal: r.goal,
      ratio: r.ratio,
      met: r.met,
    })),
  );

  expect(report.ceiling.requestsPerSecond).toBeGreaterThan(0);
  for (const suite of report.suites) {
    for (const key of ['childJson', 'childHtml', 'search', 'teamDue'] as const) {
      const m = suite.measures[key];
      expect(m, `${suite.dialect} ${key}`).toBeDefined();
      expect(m?.requests, `${suite.dialect} ${key}`).toBeGreaterThan(0);
      expect(m?.non2xx, `${suite.dialect} ${key} answered 2xx`).toBe(0);
      expect(m?.errors).toBe(0);
      expect(m?.p99Ms).toBeGreaterThan(0);
      // The server's own CPU per request is read from /proc on Linux (CI): it cost something.
      if (process.platform === 'linux') expect(m?.serverCpuMsPerRequest).toBeGreaterThan(0);
    }
    expect(suite.people).toBeGreaterThan(suite.children);
    // The CIN census of the seeded authority, streamed to a file in its own process.
    expect(suite.census?.children, `${suite.dialect} census`).toBeGreaterThan(0);
    expect(suite.census?.bytes).toBeGreaterThan(0);
    expect(suite.census?.peakRssMiB).toBeGreaterThan(0);
    expect(suite.openEpisodes).toBe(5000);
  }
  expect(report.suites.map((s) => s.dialect)).toEqual(dialects);
  const measures = report.rows.map((r) => r.measure).join('\n');
  for (const expected of [
    'ceiling',
    'child record JSON',
    'child record HTML',
    'person search',
    'due and overdue',
    '5,000 open episodes',
    'threshold check',
    'start to first',
    'CIN census 2025-26 XML',
    'CIN census 2025-26, peak RSS',
  ])
    expect(measures).toContain(expected);
  if (dialects.includes('postgres')) expect(measures).toContain('PostgreSQL vs SQLite');
  for (const row of report.rows)
    expect(Number.isFinite(row.figure) && row.figure > 0, row.measure).toBe(true);
  // Each server start may take up to SERVE_TIMEOUT_MS on a loaded machine; the whole run, a few.
}, 900_000);
