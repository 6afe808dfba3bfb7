/**
 * `baton work step <work-id> <step-id>`: take (or ask for) a step of a piece of work from the
 * command line, as a named user, through the same use-case as the API and the pages
 * (`requestTransition` on a Session): the same access policy, rules, effects, audit and coded
 * refusals. When the step happened is its own date (issue 12 §2): `--occurred-on` (a date) or
 * `--occurred-at` (a date and time with its zone, where the step opens a timescale in hours);
 * without either it happened now. The database is the server's (DATABASE_URL, else
 * BATON_SQLITE_PATH), migrated first.
 */
import { randomUUID } from 'node:crypto';
import { CommanderError, InvalidArgumentError, Option, type Command } from 'commander';
import { BatonError, isBatonError } from '../../core/errors/error-catalogue.js';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../db/index.js';
import { readConfig } from '../server/config.js';
import { Session } from '../session/index.js';
import { actorNamed } from '../use-cases/cli-actor-use-cases.js';
import { requestTransition, type TransitionOutcome } from '../use-cases/work-use-cases.js';
import type { CliContext } from './cli-context.js';
import { citationText, json, text } from './output.js';

interface StepOptions {
  occurredOn?: string;
  occurredAt?: string;
  reason?: string;
  field: Record<string, string>;
  version?: number;
  as?: string;
  json?: boolean;
}

/** Where the refused step's rules come from: `{ rule, message, citation }` per missing thing. */
interface Missing {
  rule: string;
  message: string;
  citation?: { source: string; section: string };
}

const isoDate = (value: string): string => {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  throw new InvalidArgumentError('give the date as YYYY-MM-DD, e.g. 2026-12-07');
};

const isoDateTime = (value: string): string => {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value))
    return value;
  throw new InvalidArgumentError(
    'give the date and time with its zone, e.g. 2026-12-07T14:30:00Z or 2026-12-07T14:30+00:00',
  );
};

const field = (value: string, previous: Record<string, string>): Record<string, string> => {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError('give a field as name=value');
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
};

const version = (value: string): number => {
  const n = Number(value);
  if (Number.isInteger(n) && n > 0) return n;
  throw new InvalidArgumentError('give the version as a whole number (from the work item)');
};

/** Run `work` as the named user on the configured database (migrated), then close it. */
async function asUser<T>(
  ctx: CliContext,
  username: string,
  work: (session: Session) => Promise<T>,
): Promise<T> {
  const config = readConfig({ ...ctx.io.env });
  const handle: DatabaseHandle = openDatabase({
    databaseUrl: config.databaseUrl,
    sqlitePath: ctx.path(config.sqlitePath),
  });
  try {
    await migrateToLatest(handle);
    const now = new Date().toISOString();
    const actor = await actorNamed(handle.db, username);
    const session = new Session({
      db: handle.db,
      // The audit names the user, with a request id that says it came from the command line.
      ctx: { actor, requestId: `cli-${randomUUID()}`, remoteAddress: null, now },
      packs: ctx.packs(),
      packId: config.packId,
    });
    return await work(session);
  } finally {
    await handle.close();
  }
}

/** Adds `baton work step`. */
export function registerWorkCommands(program: Command, ctx: CliContext): void {
  const work = program.command('work').description('pieces of work and their steps');
  work
    .command('step')
    .description(
      'take a step of a piece of work (or ask for it, when someone else must authorise it), as a named user',
    )
    .argument('<work-id>', 'the work item’s id')
    .argument(
      '<step-id>',
      'the step’s id in the policy pack (`baton policy show <pack> --workflows`)',
    )
    .addOption(
      new Option('--occurred-on <date>', 'the date it happened, YYYY-MM-DD (default: now)')
        .argParser(isoDate)
        .conflicts('occurredAt'),
    )
    .addOption(
      new Option(
        '--occurred-at <date-time>',
        'the date and time it happened, with its zone (for a step whose rule is in hours)',
      ).argParser(isoDateTime),
    )
    .option('--reason <text>', 'why: the step’s rationale')
    .option(
      '--field <name=value>',
      'a field the step carries (repeat for each; the pack says what a step requires)',
      field,
      {},
    )
    .option('--version <n>', 'refuse if the work has changed since this version', version)
    .option('--as <username>', 'the user taking the step (default: $BATON_CLI_USER)')
    .option('--json', 'print the outcome as JSON')
    .action(async (workId: string, stepId: string, o: StepOptions) => {
      const username = o.as ?? ctx.io.env['BATON_CLI_USER'];
      if (username === undefined || username.trim() === '')
        throw new BatonError('BATON_VALIDATION', {
          message: 'Say who is taking the step.',
          details: [{ path: '--as', message: 'give --as <username> (or set BATON_CLI_USER)' }],
        });
      const payload: Record<string, unknown> = { ...o.field };
      if (o.reason !== undefined) payload['rationale'] = o.reason;
      let outcome: TransitionOutcome;
      try {
        outcome = await asUser(ctx, username, (s) =>
          requestTransition(s, {
            workItemId: workId,
            transitionId: stepId,
            payload,
            expectedVersion: o.version,
            occurredAt: o.occurredAt ?? o.occurredOn,
          }),
        );
      } catch (e) {
        if (!isBatonError(e)) throw e;
        // The coded error, then what is missing with where each rule comes from.
        ctx.io.err(text(refusalLines(ctx, e)));
        throw new CommanderError(1, e.code, '');
      }
      if (o.json === true) {
        ctx.io.out(json(outcome));
        return;
      }
      ctx.io.out(text(outcomeLines(ctx, outcome)));
    });
}

function refusalLines(ctx: CliContext, e: BatonError): string[] {
  const first = e.message.split('\n', 1)[0]?.trim() ?? '';
  const lines = [`baton: ${first.replace(/:$/, '') || e.code} (${e.code})`];
  const missing = (e.extra['missing'] ?? []) as Missing[];
  const packs = ctx.packs();
  const titleOf = (source: string) => {
    for (const p of packs.values()) {
      const found = p.sources.find((s) => s.id === source);
      if (found) return found.title;
    }
    return source;
  };
  for (const m of missing)
    lines.push(
      `  - ${m.message}` +
        (m.citation ? ` (${titleOf(m.citation.source)}, ${m.citation.section})` : ''),
    );
  for (const d of e.details) lines.push(`  ${d.path}: ${d.message}`);
  return lines;
}

function outcomeLines(ctx: CliContext, o: TransitionOutcome): string[] {
  const pack = ctx.packs().get(o.workItem.packId);
  const w = o.workItem;
  return [
    o.status === 'applied'
      ? `Step taken: ${w.workflowName} ${w.id} is now "${w.stateName}" (version ${String(w.version)}).`
      : `Step asked for: it waits for authorisation (request ${o.transitionRecordId}).`,
    `Happened ${o.occurredAt}; deadlines count from then.`,
    'Made under:',
    ...o.citations.map(
      (c) =>
        `  - ${c.rule === 'step' ? `the step: ${c.text}` : c.text} (${pack ? citationText(pack, c.citation) : `${c.citation.source}, ${c.citation.section}`})`,
    ),
  ];
}
