/**
 * `baton returns cin`: the Children in Need census from the database, for the data team.
 * `--out` writes the XML (to a temporary name, then renamed); `--validate` prints each failure
 * with DfE's rule, the child's LA id and a link to the record, then the counts by rule, and
 * exits 1 when any rule that is an error fails. `baton returns annex-a`: Ofsted's lists.
 * Both run as a named member of the data team (`--as`, else $BATON_CLI_USER): refused and
 * audited for anyone else, and every run audited with its counts, as the page's are.
 */
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { BatonError } from '../../core/errors/error-catalogue.js';
import { isPostgresUrl, migrateToLatest, openDatabase, type DatabaseHandle } from '../db/index.js';
import { Session } from '../session/index.js';
import { actorNamed } from '../use-cases/cli-actor-use-cases.js';
import {
  RELEASE,
  censusRun,
  type CensusRequest,
  type CensusTally,
} from '../use-cases/returns-use-cases.js';
import { annexARun, annexAWindow } from '../use-cases/annex-a-use-cases.js';
import { ANNEX_A_LISTS } from '../../core/returns/index.js';
import type { CliContext } from './cli-context.js';
import { table, text } from './output.js';

interface CinOptions {
  year: string;
  out?: string;
  validate?: boolean;
  databaseUrl?: string;
  pack?: string;
  as?: string;
}

interface AnnexAOptions {
  from: string;
  to: string;
  out?: string;
  databaseUrl?: string;
  as?: string;
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

const AS_HELP =
  'the member of the data team making the return, named in the audit (default: $BATON_CLI_USER)';

/** The user named by `--as` (else $BATON_CLI_USER), or BATON_VALIDATION when there is none. */
function operatorOf(ctx: CliContext, given: string | undefined): string {
  const username = given ?? ctx.io.env['BATON_CLI_USER'];
  if (username === undefined || username.trim() === '')
    throw new BatonError('BATON_VALIDATION', {
      message: 'Say who is making the return: returns are for the data team, and audited.',
      details: [{ path: '--as', message: 'give --as <username> (or set BATON_CLI_USER)' }],
    });
  return username;
}

/** Open and migrate the database, then run `work` as the named user; close it after. */
async function asUser<T>(
  ctx: CliContext,
  databaseUrl: string | undefined,
  username: string,
  work: (session: Session) => Promise<T>,
): Promise<T> {
  const handle: DatabaseHandle = openFor(ctx, databaseUrl);
  try {
    await migrateToLatest(handle);
    const actor = await actorNamed(handle.db, username);
    const session = new Session({
      db: handle.db,
      // The audit names the user, with a request id that says it came from the command line.
      ctx: {
        actor,
        requestId: `cli-${randomUUID()}`,
        remoteAddress: null,
        now: new Date().toISOString(),
      },
      packs: ctx.packs(),
      packId: ctx.io.env['BATON_PACK'] ?? 'stockport',
    });
    return await work(session);
  } finally {
    await handle.close();
  }
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
    .option('--as <username>', AS_HELP)
    .action(async (options: CinOptions) => {
      const env = ctx.io.env;
      const username = operatorOf(ctx, options.as);
      const pack = ctx.pack(options.pack ?? env['BATON_PACK'] ?? 'stockport');
      const out = options.out === undefined ? null : ctx.path(options.out);
      const tally = await asUser(ctx, options.databaseUrl, username, (session) => {
        const req: CensusRequest = {
          year: options.year,
          pack,
          packs: session.packs,
          now: session.ctx.now,
          release: RELEASE,
        };
        return censusRun(session, req, out, options.validate === true);
      });
      report(ctx, tally, options, env['BATON_BASE_URL'] ?? 'http://localhost:3000');
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
    .option('--as <username>', AS_HELP)
    .action(async (options: AnnexAOptions) => {
      const username = operatorOf(ctx, options.as);
      const w = annexAWindow(options.from, options.to);
      const out = options.out ?? `annex-a-${w.from}-to-${w.to}.xlsx`;
      const counts = await asUser(ctx, options.databaseUrl, username, (session) =>
        annexARun(session, w, ctx.path(out)),
      );
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
    });
}

function report(ctx: CliContext, tally: CensusTally, options: CinOptions, baseUrl: string): void {
  const s = tally.summary();
  const lines = [
    `Children in Need census ${s.year}: ${String(s.children)} children, ${String(s.episodes)} episodes${options.out === undefined ? '' : `, written to ${options.out}`}.`,
  ];
  if (s.asOf !== null)
    lines.push(
      `The ${s.year} census year has not ended: the records are read as they stand on ${s.asOf}. Rules 8736 and 8740 (an assessment or s47 enquiry begun before the year and not yet finished) are checked once it has ended on 31 March.`,
    );
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
