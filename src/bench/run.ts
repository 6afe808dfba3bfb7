/**
 * `npm run bench [-- --children N --open-episodes N --search-children N --seconds S --sqlite-only]`: every measure
 * of issue 5 §2 side by side; prints a table and writes JSON under bench/results/.
 * Figures are measured, never asserted: timings on a shared machine are noise for a test.
 * Defaults are the issue's full size: 100,000 children with 100,000 open episodes (as many as
 * children for other sizes), 200,000 for intake search, 10 s a measure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isPostgresAvailable } from '../shell/testing/test-databases.js';
import { ROOT_DIR } from '../shell/server/views.js';
import { runBench, type BenchReport } from './bench-harness.js';

const { values } = parseArgs({
  options: {
    children: { type: 'string', default: '100000' },
    'open-episodes': { type: 'string' },
    'search-children': { type: 'string' },
    seconds: { type: 'string', default: process.env.BENCH_SECONDS ?? '10' },
    'sqlite-only': { type: 'boolean', default: false },
  },
});
const children = Number(values.children);
const report = await runBench({
  children,
  openEpisodes: Number(values['open-episodes'] ?? String(children)),
  searchChildren: Number(values['search-children'] ?? String(children * 2)),
  seconds: Number(values.seconds),
  thresholdSeconds: 3,
  startupRuns: 5,
  dialects:
    !values['sqlite-only'] && (await isPostgresAvailable()) ? ['sqlite', 'postgres'] : ['sqlite'],
  log: (line) => process.stderr.write(`bench: ${line}\n`),
});
printReport(report);
const dir = join(ROOT_DIR, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `bench-${report.at.replace(/[:.]/g, '-')}.json`);
const body = `${JSON.stringify(report, null, 2)}\n`;
writeFileSync(file, body);
writeFileSync(join(dir, 'latest.json'), body);
console.log(`Results written to ${file}`);

/** The table: figure, goal, ratio and whether the goal was met. */
export function printReport(r: BenchReport): void {
  const m = r.machine;
  console.log(
    `Baton benchmarks — ${r.at} — ${String(m.cpus)} × ${m.cpuModel}, ${String(m.memoryGiB)} GiB, Node ${m.node}, load ${m.loadAverage.join(' ')}`,
  );
  for (const s of r.suites)
    console.log(
      `  ${s.dialect}: ${s.children.toLocaleString('en-GB')} children, ${s.people.toLocaleString('en-GB')} people, ${s.openEpisodes.toLocaleString('en-GB')} open episodes seeded in ${s.seedSeconds.toFixed(1)} s`,
    );
  console.log(
    `  server CPU per answered request (ms; user + system, whatever the load): ceiling ${String(r.ceiling.serverCpuMsPerRequest ?? '?')}`,
  );
  for (const s of r.suites)
    console.log(
      `    ${s.dialect}: ${Object.entries(s.measures)
        .map(
          ([k, v]) =>
            `${k} ${v.serverCpuMsPerRequest === null ? '?' : v.serverCpuMsPerRequest.toFixed(2)}`,
        )
        .join(', ')}`,
    );
  console.table(
    r.rows.map((row) => ({
      measure: row.measure,
      figure: `${row.figure.toLocaleString('en-GB')} ${row.unit}`,
      goal: row.goal,
      ratio: row.ratio,
      met: row.met === null ? '—' : row.met ? 'yes' : 'MISS',
    })),
  );
}
