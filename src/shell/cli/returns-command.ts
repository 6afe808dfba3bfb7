/**
 * `baton returns cin`: the Children in Need census from the database, for the data team.
 * `--out` writes the XML (to a temporary name, then renamed); `--validate` prints each failure
 * with DfE's rule, the child's LA id and a link to the record, then the counts by rule, and
 * exits 1 when any rule that is an error fails.
 */
import type { Command } from 'commander';
import { BatonError } from '../../core/errors/error-catalogue.js';
import { isPostgresUrl, migrateToLatest, openDatabase } from '../db/index.js';
import {
  RELEASE,
  validateCensus,
  writeCensusFile,
  type CensusRequest,
  type CensusTally,
} from '../use-cases/returns-use-cases.js';
import { annexAWindow, writeAnnexAFile } from '../use-cases/annex-a-use-cases.js';
import { ANNEX_A_LISTS } from '../../core/returns/index.js';
import type { CliContext } from './cli-context.js';
import { table, text } from './output.js';

interface CinOptions {
  year: string;
  out?: string;
  validate?: boolean;
  databaseUrl?: string;
  pack?: string;
}

interface AnnexAOptions {
  from: string;
  to: string;
  out?: string;
  databaseUrl?: string;
}

const DATABASE_URL_HELP =
  'postgres://… or a SQLite file path (default: $DATABASE_URL, else $BATON_SQLITE_PATH, else ./data/baton.sqlite)';

function openFor(ctx: CliContext, databaseUrl: string | undefined) {
  const env = ctx.io.env;
  const url = databaseUrl ?? env['DATABASE_URL'];
  return isPostgresUrl(url)
    ? openDatabase({ databaseUrl: url })
    : openDatabase({
        sqlitePath: ctx.path(
          databaseUrl?.replace(/^(sqlite|file):/, '') ??
            env['BATON_SQLITE_PATH'] ??
            './data/baton.sqlite',
        ),
      });
}

/** Adds `baton returns cin` and `baton returns annex-a`. */
export function registerReturnsCommands(program: Command, ctx: CliContext): void {
  const returns = program
    .command('returns')
    .description("statutory returns: the Children in Need census and Ofsted's Annex A");
  returns
    .command('cin')
    .description('write and validate the Children in Need census (DfE XML)')
    .requiredOption('--year <year>', 'the census year: 2025-26 or 2026-27')
    .option('--out <file>', 'write the census XML to this file')
    .option('--validate', "check DfE's validation rules; exit 1 on any error")
    .option('--database-url <url>', DATABASE_URL_HELP)
    .option('--pack <id>', "the deployment's policy pack (default: $BATON_PACK, else stockport)")
    .action(async (options: CinOptions) => {
      const env = ctx.io.env;
      const req: CensusRequest = {
        year: options.year,
        pack: ctx.pack(options.pack ?? env['BATON_PACK'] ?? 'stockport'),
        now: new Date().toISOString(),
        release: RELEASE,
      };
      const handle = openFor(ctx, options.databaseUrl);
      try {
        await migrateToLatest(handle);
        const keep = options.validate === true;
        const tally =
          options.out === undefined
            ? await validateCensus(handle.db, req, keep)
            : await writeCensusFile(handle.db, req, ctx.path(options.out), keep);
        report(ctx, tally, options, env['BATON_BASE_URL'] ?? 'http://localhost:3000');
      } finally {
        await handle.close();
      }
    });
  returns
    .command('annex-a')
    .description("write Ofsted's Annex A lists 1 to 8 (xlsx, one sheet per list)")
    .requiredOption(
      '--from <date>',
      'first day of the window, YYYY-MM-DD (Ofsted: six months back)',
    )
    .requiredOption(
      '--to <date>',
      'last day of the window, YYYY-MM-DD (the day the lists are made)',
    )
    .option('--out <file>', 'the workbook to write (default: annex-a-FROM-to-TO.xlsx)')
    .option('--database-url <url>', DATABASE_URL_HELP)
    .action(async (options: AnnexAOptions) => {
      const w = annexAWindow(options.from, options.to);
      const out = options.out ?? `annex-a-${w.from}-to-${w.to}.xlsx`;
      const handle = openFor(ctx, options.databaseUrl);
      try {
        await migrateToLatest(handle);
        const counts = await writeAnnexAFile(handle.db, w, ctx.path(out));
        ctx.io.out(
          text([
            `Annex A, ${w.from} to ${w.to}, written to ${out}.`,
            '',
            ...table(
              ['sheet', 'list', 'rows'],
              ANNEX_A_LISTS.map((l) => [l.sheet, l.title, String(counts[l.id])]),
            ),
          ]),
        );
      } finally {
        await handle.close();
      }
    });
}

function report(ctx: CliContext, tally: CensusTally, options: CinOptions, baseUrl: string): void {
  const s = tally.summary();
  const lines = [
    `Children in Need census ${s.year}: ${String(s.children)} children, ${String(s.episodes)} episodes${options.out === undefined ? '' : `, written to ${options.out}`}.`,
  ];
  if (options.validate === true) {
    lines.push(
      `${String(s.errors)} errors and ${String(s.queries)} queries.`,
      ...tally.failures.map(
        (f) =>
          `${f.severity === 'error' ? 'ERROR' : 'QUERY'} ${f.rule} ${f.laChildId} ${baseUrl}/children/${f.recordId}: ${f.message}`,
      ),
    );
    if (s.byRule.length > 0)
      lines.push(
        '',
        ...table(
          ['rule', 'kind', 'children', 'message'],
          s.byRule.map((r) => [r.rule, r.severity, String(r.children), r.message]),
        ),
      );
  }
  ctx.io.out(text(lines));
  if (options.validate === true && s.errors > 0)
    throw new BatonError('BATON_CENSUS_INVALID', {
      extra: { errors: s.errors, queries: s.queries },
    });
}
