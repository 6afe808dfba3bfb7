/**
 * `baton clients add|list|revoke`: API client tokens for other systems, on the server's own
 * database (DATABASE_URL, else BATON_SQLITE_PATH). The token is printed once, at `add`, and only
 * its SHA-256 is kept.
 */
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { BatonError } from '../../core/errors/error-catalogue.js';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../db/index.js';
import {
  clientScopes,
  createApiClient,
  isClientScope,
  listApiClients,
  revokeApiClient,
  type ClientScope,
  type RequestContext,
} from '../repositories/index.js';
import { readConfig } from '../server/config.js';
import type { CliContext } from './cli-context.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Who did it, in the audit trail: the command line, on this machine. */
const cliContext = (): RequestContext => ({
  actor: null,
  requestId: `cli-${randomUUID()}`,
  remoteAddress: 'baton clients (command line)',
  now: new Date().toISOString(),
});

async function withDatabase<T>(
  ctx: CliContext,
  work: (handle: DatabaseHandle) => Promise<T>,
): Promise<T> {
  const config = readConfig({ ...ctx.io.env, BATON_LOG_LEVEL: 'silent' });
  const handle = openDatabase({
    databaseUrl: config.databaseUrl,
    sqlitePath: ctx.path(config.sqlitePath),
  });
  try {
    await migrateToLatest(handle);
    return await work(handle);
  } finally {
    await handle.close();
  }
}

export function registerClientsCommand(program: Command, ctx: CliContext): void {
  const clients = program
    .command('clients')
    .description('API clients: tokens for other systems, each tied to an agency and scopes');

  clients
    .command('add')
    .description('make a client and print its token (shown once)')
    .requiredOption('--name <name>', 'a name for the client, e.g. police-case-system')
    .requiredOption('--agency <id>', 'the agency the client acts for')
    .option(
      '--scope <scope>',
      `what it may do (repeat for more): ${clientScopes.join(', ')}`,
      collect,
      [],
    )
    .option('--days <n>', 'days until the token expires', (v) => Number.parseInt(v, 10), 90)
    .action(async (options: { name: string; agency: string; scope: string[]; days: number }) => {
      const unknown = options.scope.filter((s) => !isClientScope(s));
      if (unknown.length > 0 || options.scope.length === 0)
        throw new BatonError('BATON_VALIDATION', {
          message: `Give --scope one or more of ${clientScopes.join(', ')}${unknown.length > 0 ? ` (not ${unknown.join(', ')})` : ''}.`,
        });
      if (!Number.isInteger(options.days) || options.days < 1 || options.days > 730)
        throw new BatonError('BATON_VALIDATION', {
          message: 'Give --days a whole number from 1 to 730.',
        });
      const made = await withDatabase(ctx, (handle) =>
        createApiClient(handle.db, cliContext(), {
          name: options.name,
          agencyId: options.agency,
          scopes: options.scope as ClientScope[],
          days: options.days,
        }),
      );
      ctx.io.out(
        `client ${options.name} made; expires ${made.expiresAt}\n` +
          `token (shown only now; send as "Authorization: Bearer <token>"):\n${made.token}\n`,
      );
    });

  clients
    .command('list')
    .description('the clients: name, agency, scopes, expiry and status')
    .option('--json', 'as JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await withDatabase(ctx, (handle) =>
        listApiClients(handle.db, new Date().toISOString()),
      );
      if (options.json === true) {
        ctx.io.out(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      if (list.length === 0) {
        ctx.io.out('no API clients\n');
        return;
      }
      for (const c of list)
        ctx.io.out(
          `${c.name}\t${c.status}\tagency ${c.agencyId}\t${c.scopes.join(' ')}\texpires ${c.expiresAt}\n`,
        );
    });

  clients
    .command('revoke')
    .description("revoke a client's token: its next request is refused")
    .argument('<name>', 'the client')
    .action(async (name: string) => {
      await withDatabase(ctx, (handle) => revokeApiClient(handle.db, cliContext(), name));
      ctx.io.out(`client ${name} revoked\n`);
    });
}
