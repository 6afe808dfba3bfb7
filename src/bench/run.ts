/**
 * `npm run bench`: prints a table and writes JSON under bench/results/.
 * Figures are measured, never asserted: timings on a shared machine are noise for a test.
 * BENCH_SECONDS shortens or lengthens each throughput run (default 3).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadPacks } from '../shell/policy/pack-files.js';
import { ROOT_DIR } from '../shell/server/views.js';
import { measureStartup } from './startup-time.js';
import { measureThroughput } from './threshold-throughput.js';

interface Row {
  measure: string;
  figure: number;
  unit: string;
  goal: string;
  ratio: number;
  met: boolean;
}

const seconds = Number(process.env.BENCH_SECONDS ?? '3');
const packs = loadPacks();
const rows: Row[] = [];

for (const id of ['worcestershire', 'stockport']) {
  const pack = packs.get(id);
  if (!pack) continue;
  const r = measureThroughput(pack, seconds);
  rows.push({
    measure: `threshold check, ${id} (${pack.indicators.length} indicators), one core`,
    figure: Math.round(r.checksPerSecond),
    unit: 'checks/s',
    goal: '>= 200000 checks/s',
    ratio: r.checksPerSecond / 200_000,
    met: r.checksPerSecond >= 200_000,
  });
}

const startup = await measureStartup(5);
rows.push({
  measure: 'start to first answered request (SQLite, median of 5)',
  figure: Math.round(startup.medianMs),
  unit: 'ms',
  goal: '<= 1000 ms',
  ratio: startup.medianMs / 1000,
  met: startup.medianMs <= 1000,
});

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
};
console.log(
  `Baton benchmarks — ${new Date().toISOString()} — ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}`,
);
console.table(
  rows.map((r) => ({
    measure: r.measure,
    figure: `${r.figure.toLocaleString('en-GB')} ${r.unit}`,
    goal: r.goal,
    ratio: r.ratio.toFixed(2),
    met: r.met ? 'yes' : 'NO',
  })),
);

const dir = join(ROOT_DIR, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(
  file,
  `${JSON.stringify({ at: new Date().toISOString(), machine, startupRunsMs: startup.runs, rows }, null, 2)}\n`,
);
writeFileSync(
  join(dir, 'latest.json'),
  `${JSON.stringify({ at: new Date().toISOString(), machine, startupRunsMs: startup.runs, rows }, null, 2)}\n`,
);
console.log(`Results written to ${file}`);
