/**
 * `baton backup <file>` and `baton restore <file>`: the database named by the server's own
 * settings (DATABASE_URL, else BATON_SQLITE_PATH), online while the server keeps serving.
 */
import type { Command } from 'commander';
import { backupDatabase, restoreDatabase, type BackupResult } from '../backup/index.js';
import { readConfig } from '../server/config.js';
import type { CliContext } from './cli-context.js';
import { text } from './output.js';

const describe = (r: BackupResult) =>
  `${r.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: ${String(r.tables)} tables, ${String(r.rows)} rows`;

/** Adds `baton backup` and `baton restore`. */
export function registerBackupCommands(program: Command, ctx: CliContext): void {
  const target = () => {
    const config = readConfig({ ...ctx.io.env });
    return { databaseUrl: config.databaseUrl, sqlitePath: ctx.path(config.sqlitePath) };
  };
  program
    .command('backup')
    .description(
      'copy the database (DATABASE_URL, else BATON_SQLITE_PATH) to a new file while Baton runs',
    )
    .argument('<file>', 'the backup file to write; it must not exist')
    .action(async (file: string) => {
      const result = await backupDatabase(target(), ctx.path(file));
      ctx.io.out(text([`backed up ${describe(result)} to ${file}`]));
    });
  program
    .command('restore')
    .description('restore a backup into an empty database (DATABASE_URL, else BATON_SQLITE_PATH)')
    .argument('<file>', 'a file written by `baton backup`')
    .action(async (file: string) => {
      const result = await restoreDatabase(target(), ctx.path(file));
      ctx.io.out(text([`restored ${describe(result)} from ${file}`]));
    });
}
