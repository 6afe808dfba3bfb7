/**
 * `baton admin create`, `baton agencies add|list`, `baton users add|list|deactivate|import`: the
 * deployment's operator administers the database the server uses (DATABASE_URL, else
 * BATON_SQLITE_PATH), migrating it first, so a fresh production deployment needs no demo data.
 * The operator is audited as "the baton command"; a practice role asked for here still waits for
 * an administrator to approve it in Baton (four eyes).
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import {
  agencyKinds,
  roles as allRoles,
  type AgencyKind,
  type Role,
} from '../../core/access/index.js';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../db/index.js';
import { readConfig } from '../server/config.js';
import { Session } from '../session/index.js';
import * as admin from '../use-cases/admin-use-cases.js';
import type { CliContext } from './cli-context.js';
import { json, table, text } from './output.js';

/** Run `work` as the operator on the configured database (migrated), then close it. */
async function asOperator<T>(ctx: CliContext, work: (session: Session) => Promise<T>): Promise<T> {
  const config = readConfig({ ...ctx.io.env });
  const handle: DatabaseHandle = openDatabase({
    databaseUrl: config.databaseUrl,
    sqlitePath: ctx.path(config.sqlitePath),
  });
  try {
    await migrateToLatest(handle);
    const session = new Session({
      db: handle.db,
      ctx: {
        actor: null,
        requestId: `cli-${randomUUID()}`,
        remoteAddress: null,
        now: new Date().toISOString(),
      },
      packs: new Map(),
      packId: config.packId,
      operator: true,
    });
    return await work(session);
  } finally {
    await handle.close();
  }
}

const kind = (value: string): AgencyKind => {
  if ((agencyKinds as readonly string[]).includes(value)) return value as AgencyKind;
  throw new InvalidArgumentError(`choose one of ${agencyKinds.join(', ')}`);
};

const roleList = (value: string): Role[] => {
  const given = value.split(/[,;\s]+/).filter((r) => r !== '');
  const unknown = given.filter((r) => !(allRoles as readonly string[]).includes(r));
  if (unknown.length > 0)
    throw new InvalidArgumentError(
      `unknown role ${unknown.join(', ')}; roles are ${allRoles.join(', ')}`,
    );
  return given as Role[];
};

const userLine = (u: admin.UserView) => [
  u.username,
  u.displayName,
  u.email ?? '',
  u.agencyName + (u.teamName === null ? '' : ` / ${u.teamName}`),
  [...u.roles, ...u.pendingRoles.map((p) => `${p.role} (pending)`)].join(' '),
  u.active ? 'active' : 'deactivated',
];

/** Adds `baton admin`, `baton agencies` and `baton users`. */
export function registerAdminCommands(program: Command, ctx: CliContext): void {
  const out = (t: string) => {
    ctx.io.out(t);
  };

  const adminCommand = program
    .command('admin')
    .description('the first administrator of a fresh deployment');
  adminCommand
    .command('create')
    .description(
      'create the first administrator (only while there is no active one): prints a one-time sign-in link, or sets the password read from stdin',
    )
    .requiredOption('--username <username>', 'their username')
    .requiredOption('--email <email>', 'their work email address')
    .option('--name <name>', 'their full name (default: the username)')
    .option(
      '--agency <name>',
      'their agency, added if there is none by this name',
      'Administration',
    )
    .option('--password-stdin', 'read the password from standard input instead of making a link')
    .option(
      '--url <base>',
      'the address Baton is served at, for the link (default: $BATON_PUBLIC_URL, else http://localhost:3000)',
    )
    .action(
      async (o: {
        username: string;
        email: string;
        name?: string;
        agency: string;
        passwordStdin?: boolean;
        url?: string;
      }) => {
        const password =
          o.passwordStdin === true
            ? (await (ctx.io.stdin?.() ?? Promise.resolve(''))).replace(/\r?\n$/, '')
            : undefined;
        const result = await asOperator(ctx, (s) =>
          admin.createFirstAdministrator(s, {
            username: o.username,
            email: o.email,
            displayName: o.name ?? o.username,
            agencyName: o.agency,
            password,
          }),
        );
        const base = (o.url ?? ctx.io.env['BATON_PUBLIC_URL'] ?? 'http://localhost:3000').replace(
          /\/$/,
          '',
        );
        out(
          text(
            result.link === null
              ? [`created administrator ${result.user.username}; the password is set`]
              : [
                  `created administrator ${result.user.username}`,
                  `sign in once with this link (it works once, until ${result.link.expiresAt}):`,
                  `  ${base}/sign-in/link/${encodeURIComponent(result.link.token)}`,
                ],
          ),
        );
      },
    );

  const agencies = program.command('agencies').description('agencies and their teams');
  agencies
    .command('add')
    .description('add an agency')
    .requiredOption('--name <name>', 'its name')
    .requiredOption('--kind <kind>', `one of ${agencyKinds.join(', ')}`, kind)
    .option('--authority <name>', 'the local authority it belongs to')
    .option('--locality <name>', 'the locality it serves')
    .option('--code <code>', 'DfE URN or ODS code')
    .action(
      async (o: {
        name: string;
        kind: AgencyKind;
        authority?: string;
        locality?: string;
        code?: string;
      }) => {
        const agency = await asOperator(ctx, (s) => admin.addAgency(s, o));
        out(text([`added agency ${agency.name} (${agency.id})`]));
      },
    );
  agencies
    .command('list')
    .description('list the agencies')
    .option('--json', 'as JSON')
    .action(async (o: { json?: boolean }) => {
      const list = await asOperator(ctx, (s) => admin.listAgencies(s));
      if (o.json === true) {
        out(json({ agencies: list }));
        return;
      }
      out(
        text(
          table(
            ['id', 'name', 'kind', 'authority', 'code', 'teams'],
            list.map((a) => [
              a.id,
              a.name,
              a.kind,
              a.authority ?? '',
              a.code ?? '',
              a.teams.map((t) => t.name).join(', '),
            ]),
          ),
        ),
      );
    });

  const users = program.command('users').description('users, their roles and deactivation');
  users
    .command('add')
    .description('add a user (practice roles wait for an administrator to approve them)')
    .requiredOption('--username <username>', 'their username')
    .requiredOption('--name <name>', 'their full name')
    .requiredOption('--email <email>', 'their work email address (unique)')
    .requiredOption('--agency <agency>', 'their agency, by id or name')
    .option('--team <team>', 'their team in that agency, by id or name')
    .option('--roles <roles>', `comma-separated: ${allRoles.join(', ')}`, roleList, [])
    .action(
      async (o: {
        username: string;
        name: string;
        email: string;
        agency: string;
        team?: string;
        roles: Role[];
      }) => {
        const user = await asOperator(ctx, (s) =>
          admin.addUserNamed(s, {
            username: o.username,
            displayName: o.name,
            email: o.email,
            agency: o.agency,
            team: o.team ?? null,
            roles: o.roles,
          }),
        );
        const pending = user.pendingRoles.map((p) => p.role);
        out(
          text([
            `added user ${user.username}` +
              (pending.length > 0
                ? `; waiting for an administrator to approve: ${pending.join(', ')}`
                : ''),
          ]),
        );
      },
    );
  users
    .command('list')
    .description('list users')
    .option('--agency <agency>', 'only this agency’s, by id or name')
    .option('--json', 'as JSON')
    .action(async (o: { agency?: string; json?: boolean }) => {
      const list = await asOperator(ctx, async (s) =>
        admin.listUsers(s, {
          agencyId: o.agency === undefined ? undefined : await admin.findAgency(s, o.agency),
        }),
      );
      if (o.json === true) {
        out(json({ users: list }));
        return;
      }
      out(
        text(table(['username', 'name', 'email', 'agency', 'roles', 'status'], list.map(userLine))),
      );
    });
  users
    .command('deactivate')
    .description('deactivate a user: their sessions end at once')
    .argument('<user>', 'their username, email or id')
    .action(async (key: string) => {
      const user = await asOperator(ctx, async (s) =>
        admin.setUserActive(s, await admin.findUser(s, key), false),
      );
      out(text([`deactivated ${user.username}`]));
    });
  users
    .command('import')
    .description(
      'add users from a CSV file with the columns username, name, email, agency, team, roles: every row or none',
    )
    .argument('<file>', 'the CSV file')
    .option('--dry-run', 'check every row and say what would be added, adding nothing')
    .action(async (file: string, o: { dryRun?: boolean }) => {
      const csv = await readFile(ctx.path(file), 'utf8');
      const result = await asOperator(ctx, (s) =>
        admin.importUsers(s, csv, { dryRun: o.dryRun === true }),
      );
      const pending = result.added.filter((a) => a.pendingRoles.length > 0).length;
      out(
        text([
          ...result.added.map(
            (a) =>
              `row ${String(a.row)}: ${a.username}${a.pendingRoles.length > 0 ? ` (waiting for approval: ${a.pendingRoles.join(', ')})` : ''}`,
          ),
          `${result.dryRun ? 'dry run: would add' : 'added'} ${String(result.added.length)} users` +
            (pending > 0
              ? `; ${String(pending)} with roles an administrator must approve in Baton`
              : ''),
        ]),
      );
    });
}
