/**
 * Every measure of issue 5 §2 in one run, as rows of figure, goal, ratio and met. Used by
 * `npm run bench` (full size) and by the CI test (reduced size, figures printed, never asserted).
 */
import { cpus, loadavg, totalmem } from 'node:os';
import type { Dialect } from '../shell/db/index.js';
import { loadPacks } from '../shell/policy/pack-files.js';
import { load, serve, type LoadResult } from './http-load.js';
import { runSuite, type SuiteResult } from './http-suite.js';
import { measureStartup } from './startup-time.js';
import { measureThroughput } from './threshold-throughput.js';

export interface BenchOptions {
  children: number;
  /**
   * Episodes open in the HTTP suites' authority (`baton seed --open-episodes`): the team's "due
   * and overdue" goal names 100,000; the realistic seed alone opens a few per cent of children.
   */
  openEpisodes: number;
  /** Children seeded for the intake search measure (the issue: 200,000, about 500,000 people). */
  searchChildren: number;
  /** Seconds of load per HTTP measure. */
  seconds: number;
  /** Seconds per threshold throughput run. */
  thresholdSeconds: number;
  startupRuns: number;
  dialects: Dialect[];
  log?: (line: string) => void;
}

export interface Row {
  measure: string;
  figure: number;
  unit: string;
  goal: string;
  ratio: number;
  met: boolean | null;
}

export interface BenchReport {
  at: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    loadAverage: number[];
  };
  options: Omit<BenchOptions, 'log'>;
  rows: Row[];
  suites: SuiteResult[];
  ceiling: LoadResult;
  startupRunsMs: number[];
}

const round = (n: number, places = 1): number => Math.round(n * 10 ** places) / 10 ** places;

/** Run everything and return the rows (nothing is asserted here). */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const log = options.log ?? (() => undefined);
  const rows: Row[] = [];
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: [] as number[],
  };

  log('ceiling: bare Fastify hello-world');
  const hello = await serve('bench/hello-server.js', undefined, process.env);
  let ceiling: LoadResult;
  try {
    ceiling = await load(hello.base, ['/'], options.seconds);
  } finally {
    await hello.stop();
  }
  rows.push({
    measure: 'bare Fastify JSON hello-world (the ceiling)',
    figure: Math.round(ceiling.requestsPerSecond),
    unit: 'req/s',
    goal: 'reference',
    ratio: 1,
    met: null,
  });

  const suites: SuiteResult[] = [];
  for (const dialect of options.dialects) {
    log(
      `${dialect}: seeding ${String(options.children)} children with ${String(options.openEpisodes)} open episodes and loading the HTTP suite`,
    );
    suites.push(
      await runSuite({
        dialect,
        children: options.children,
        openEpisodes: options.openEpisodes,
        seconds: options.seconds,
      }),
    );
  }
  const sqlite = suites.find((s) => s.dialect === 'sqlite');
  let searchSuite = sqlite;
  if (sqlite && options.searchChildren !== options.children) {
    log(`sqlite: seeding ${String(options.searchChildren)} children for intake search`);
    searchSuite = await runSuite({
      dialect: 'sqlite',
      children: options.searchChildren,
      seconds: options.seconds,
      searchOnly: true,
    });
    suites.push(searchSuite);
  }

  for (const s of suites.filter((x) => x.measures.childJson !== undefined)) {
    const tag = `${s.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${s.children.toLocaleString('en-GB')} children`;
    const json = s.measures.childJson;
    const html = s.measures.childHtml;
    const due = s.measures.teamDue;
    if (json) {
      rows.push(
        rpsRow(`child record JSON (${tag})`, json, ceiling, 0.25),
        p99Row(`child record JSON p99 (${tag})`, json.p99Ms, 25),
      );
    }
    if (html) {
      rows.push(
        rpsRow(`child record HTML page (${tag})`, html, ceiling, 0.1),
        p99Row(`child record HTML page p99 (${tag})`, html.p99Ms, 50),
      );
    }
    if (due)
      rows.push(
        p99Row(
          `team "due and overdue" p99 (${tag}; ${s.openEpisodes.toLocaleString('en-GB')} open episodes, ${s.openDeadlines.toLocaleString('en-GB')} open deadlines)`,
          due.p99Ms,
          100,
        ),
      );
  }
  for (const s of suites) {
    const c = s.census;
    if (c === undefined) continue;
    const tag = `${s.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${c.children.toLocaleString('en-GB')} children in the census of ${s.children.toLocaleString('en-GB')}`;
    rows.push(
      {
        measure: `CIN census 2025-26 XML, streamed to a file (${tag})`,
        figure: round(c.seconds),
        unit: 's',
        goal: '<= 10 s',
        ratio: round(c.seconds / 10, 2),
        met: c.seconds <= 10,
      },
      {
        measure: `CIN census 2025-26, peak RSS of its process (${tag})`,
        figure: Math.round(c.peakRssMiB),
        unit: 'MiB',
        goal: '<= 300 MB',
        ratio: round((c.peakRssMiB * 2 ** 20) / 300e6, 2),
        met: c.peakRssMiB * 2 ** 20 <= 300e6,
      },
    );
  }
  for (const s of suites) {
    const search = s.measures.search;
    if (!search) continue;
    rows.push({
      measure: `person search at intake, p97.5 (≥ p95) (${s.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${s.people.toLocaleString('en-GB')} people)`,
      figure: round(search.p97_5Ms),
      unit: 'ms',
      goal: '<= 20 ms (p95)',
      ratio: round(search.p97_5Ms / 20, 2),
      met: search.p97_5Ms <= 20,
    });
  }
  const postgres = suites.find((s) => s.dialect === 'postgres');
  if (sqlite && postgres) {
    for (const key of ['childJson', 'childHtml', 'search', 'teamDue'] as const) {
      const a = sqlite.measures[key];
      const b = postgres.measures[key];
      if (!a || !b) continue;
      const slower = a.requestsPerSecond / Math.max(b.requestsPerSecond, 1e-9);
      rows.push({
        measure: `PostgreSQL vs SQLite, ${key} (req/s ${String(Math.round(b.requestsPerSecond))} vs ${String(Math.round(a.requestsPerSecond))})`,
        figure: round(slower, 2),
        unit: '× slower',
        goal: '<= 2× SQLite',
        ratio: round(slower / 2, 2),
        met: slower <= 2,
      });
    }
  }

  log('threshold check throughput');
  const packs = loadPacks();
  for (const id of ['worcestershire', 'stockport']) {
    const pack = packs.get(id);
    if (!pack) continue;
    const r = measureThroughput(pack, options.thresholdSeconds);
    rows.push({
      measure: `threshold check, ${id} (${String(pack.indicators.length)} indicators), one core`,
      figure: Math.round(r.checksPerSecond),
      unit: 'checks/s',
      goal: '>= 200000 checks/s',
      ratio: round(r.checksPerSecond / 200_000, 2),
      met: r.checksPerSecond >= 200_000,
    });
  }
  log('start to first answered request');
  const startup = await measureStartup(options.startupRuns);
  rows.push({
    measure: `start to first answered request (SQLite, median of ${String(options.startupRuns)})`,
    figure: Math.round(startup.medianMs),
    unit: 'ms',
    goal: '<= 1000 ms',
    ratio: round(startup.medianMs / 1000, 2),
    met: startup.medianMs <= 1000,
  });
  machine.loadAverage = loadavg().map((n) => round(n, 2));
  const kept = {
    children: options.children,
    openEpisodes: options.openEpisodes,
    searchChildren: options.searchChildren,
    seconds: options.seconds,
    thresholdSeconds: options.thresholdSeconds,
    startupRuns: options.startupRuns,
    dialects: options.dialects,
  };
  return {
    at: new Date().toISOString(),
    machine,
    options: kept,
    rows,
    suites,
    ceiling,
    startupRunsMs: startup.runs,
  };
}

function rpsRow(measure: string, r: LoadResult, ceiling: LoadResult, share: number): Row {
  const ratio = r.requestsPerSecond / Math.max(ceiling.requestsPerSecond, 1e-9);
  return {
    measure,
    figure: Math.round(r.requestsPerSecond),
    unit: 'req/s',
    goal: `>= ${String(share)} of the ceiling`,
    ratio: round(ratio, 3),
    met: ratio >= share,
  };
}

function p99Row(measure: string, p99: number, goalMs: number): Row {
  return {
    measure,
    figure: round(p99),
    unit: 'ms',
    goal: `<= ${String(goalMs)} ms`,
    ratio: round(p99 / goalMs, 2),
    met: p99 <= goalMs,
  };
}
