/**
 * `baton seed`: fill a database with a synthetic authority for demonstrations and benchmarks.
 * A progress bar goes to stderr (only on a terminal); the summary goes to stdout.
 */
import { InvalidArgumentError, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { isPostgresUrl, openDatabase } from '../db/index.js';
import { seedAuthority } from '../seed/index.js';
import type { CliContext } from './cli-context.js';
import { table, text } from './output.js';

interface SeedCommandOptions {
  children: number;
  openEpisodes?: number;
  randomSeed: number;
  databaseUrl?: string;
  asOf?: string;
  pack?: string;
  force?: boolean;
}

const DEFAULT_DEMO_PASSWORD = 'baton-demo-2026';

/** Adds `baton seed`. */
export function registerSeedCommand(program: Command, ctx: CliContext): void {
  program
    .command('seed')
    .description('fill a database with a synthetic authority (children, families, work, history)')
    .option('--children <n>', 'how many children', positiveInt, 100_000)
    .option(
      '--open-episodes <n>',
      'then open early help and social care episodes until this many are open in total',
      nonNegativeInt,
    )
    .option('--random-seed <n>', 'the same seed gives the same authority', nonNegativeInt, 1)
    .option(
      '--database-url <url>',
      'postgres://… or a SQLite file path (default: $DATABASE_URL, else $BATON_SQLITE_PATH, else ./data/baton.sqlite)',
    )
    .option('--as-of <date>', 'the day the authority is seeded as of (default: today)', isoDate)
    .option('--pack <id>', "the deployment's policy pack (default: $BATON_PACK, else stockport)")
    .option('--force', 'seed even though the database holds records besides the demo data')
    .action(async (options: SeedCommandOptions) => {
      const env = ctx.io.env;
      const url = options.databaseUrl ?? env['DATABASE_URL'];
      const handle = isPostgresUrl(url)
        ? openDatabase({ databaseUrl: url })
        : openDatabase({ sqlitePath: ctx.path(sqlitePathFrom(options.databaseUrl, env)) });
      const pack = ctx.pack(options.pack ?? env['BATON_PACK'] ?? 'stockport');
      // The bar draws on a terminal only; in a pipe or a test it stays silent.
      const bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: 'Seeding {bar} {percentage}% | {value}/{total} children | {duration_formatted}',
        },
        cliProgress.Presets.shades_classic,
      );
      try {
        const summary = await seedAuthority(handle, {
          children: options.children,
          ...(options.openEpisodes !== undefined && { openEpisodes: options.openEpisodes }),
          randomSeed: options.randomSeed,
          asOf: options.asOf ?? new Date().toISOString().slice(0, 10),
          force: options.force === true,
          password: env['BATON_DEMO_PASSWORD'] ?? DEFAULT_DEMO_PASSWORD,
          pack,
          onProgress: (done, total) => {
            if (done === 0) bar.start(total, 0);
            else bar.update(done);
          },
        });
        bar.stop();
        const rows = Object.entries(summary.rows).filter(([, n]) => n > 0);
        const total = rows.reduce((sum, [, n]) => sum + n, 0);
        ctx.io.out(
          text([
            `Seeded ${summary.children.toLocaleString('en-GB')} children into ${handle.describe} in ${summary.seconds.toFixed(1)} s (seed ${String(options.randomSeed)}, pack ${pack.id}).`,
            `${summary.openEpisodes.total.toLocaleString('en-GB')} episodes are open${summary.openEpisodes.added > 0 ? ` (${summary.openEpisodes.added.toLocaleString('en-GB')} opened by --open-episodes)` : ''}.`,
            '',
            ...table(
              ['table', 'rows'],
              [
                ...rows.map(([t, n]) => [t, n.toLocaleString('en-GB')]),
                ['total', total.toLocaleString('en-GB')],
              ],
            ),
          ]),
        );
      } finally {
        bar.stop();
        await handle.close();
      }
    });
}

/** A SQLite file from `--database-url` (a path, or sqlite:/file: and a path), else the environment. */
function sqlitePathFrom(given: string | undefined, env: CliContext['io']['env']): string {
  if (given !== undefined) return given.replace(/^(sqlite|file):/, '');
  return env['BATON_SQLITE_PATH'] ?? './data/baton.sqlite';
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError('give a whole number of 1 or more');
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new InvalidArgumentError('give a whole number from 0 to 4294967295');
  return n;
}

function isoDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
    throw new InvalidArgumentError('give a date like 2026-11-23');
  return value;
}
