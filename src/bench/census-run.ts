/**
 * One Children in Need census, measured in its own process so its peak RSS is the census's
 * alone: `node dist/bench/census-run.js --year 2025-26 --out FILE` with DATABASE_URL or
 * BATON_SQLITE_PATH set. Prints one JSON line: seconds, peak RSS (MiB), children, episodes, bytes.
 * The census is streamed (census-repository reads 500 children at a time; each is written and
 * let go), so peak RSS should not grow with the authority's size.
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isPostgresUrl, openDatabase } from '../shell/db/index.js';
import { loadPacks } from '../shell/policy/pack-files.js';
import { RELEASE, writeCensusFile } from '../shell/use-cases/returns-use-cases.js';

/** What one census run measured. */
export interface CensusRun {
  seconds: number;
  peakRssMiB: number;
  children: number;
  episodes: number;
  bytes: number;
}

const { values } = parseArgs({
  options: {
    year: { type: 'string', default: '2025-26' },
    out: { type: 'string' },
    pack: { type: 'string', default: 'stockport' },
  },
});
const out = values.out;
if (out === undefined) throw new Error('census-run needs --out FILE');
const packs = loadPacks();
const pack = packs.get(values.pack);
if (pack === undefined) throw new Error(`no pack ${values.pack}`);
const url = process.env.DATABASE_URL;
const handle = isPostgresUrl(url)
  ? openDatabase({ databaseUrl: url })
  : openDatabase({ sqlitePath: process.env.BATON_SQLITE_PATH ?? './data/baton.sqlite' });
try {
  const started = process.hrtime.bigint();
  const tally = await writeCensusFile(
    handle.db,
    { year: values.year, pack, packs, now: new Date().toISOString(), release: RELEASE },
    out,
    false,
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const s = tally.summary();
  const run: CensusRun = {
    seconds,
    // maxRSS is in kibibytes on Linux.
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    children: s.children,
    episodes: s.episodes,
    bytes: statSync(out).size,
  };
  process.stdout.write(`${JSON.stringify(run)}\n`);
} finally {
  await handle.close();
}
