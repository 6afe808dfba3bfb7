/**
 * PostgreSQL backup and restore as a portable logical dump: JSON lines, one table after another in
 * foreign-key order, read inside one REPEATABLE READ READ ONLY transaction so that the dump is one
 * consistent moment while the server keeps writing. Restore goes into an empty, migrated database
 * in one transaction: a failure leaves it empty again.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Client, ClientBase } from 'pg';
import { BatonError } from '../../core/errors/error-catalogue.js';
import { migrateToLatest, openDatabase } from '../db/index.js';
import {
  DUMP_FORMAT,
  DUMP_VERSION,
  dumpHeader,
  endLine,
  MIGRATION_TABLES,
  tableLine,
  type BackupSummary,
} from './backup-format.js';

const FETCH_ROWS = 2000;
const INSERT_PARAMS = 30_000; // below PostgreSQL's 65,535 bind parameters per statement

async function connect(url: string): Promise<Client> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Baton's tables in the current schema, parents before children (foreign-key order). */
export async function tablesInDependencyOrder(client: ClientBase): Promise<string[]> {
  const tables = (
    await client.query<{ name: string }>(
      'SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename',
    )
  ).rows
    .map((r) => r.name)
    .filter((t) => !MIGRATION_TABLES.includes(t));
  const edges = (
    await client.query<{ child: string; parent: string }>(
      `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
       WHERE c.contype = 'f' AND n.nspname = current_schema()`,
    )
  ).rows;
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (t: string) => {
    if (ordered.includes(t) || visiting.has(t)) return;
    visiting.add(t);
    for (const e of edges) if (e.child === t && e.parent !== t) visit(e.parent);
    ordered.push(t);
  };
  for (const t of tables) visit(t);
  return ordered.filter((t) => tables.includes(t));
}

async function columnsOf(client: ClientBase, table: string): Promise<string[]> {
  return (
    await client.query<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
      [table],
    )
  ).rows.map((r) => r.name);
}

/** The primary key's columns (every column when there is none): a cheap, total order. */
async function orderOf(client: ClientBase, table: string, columns: string[]): Promise<string[]> {
  const pk = (
    await client.query<{ name: string }>(
      `SELECT a.attname AS name FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
       WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
      [ident(table)],
    )
  ).rows.map((r) => r.name);
  return pk.length > 0 ? pk : columns;
}

async function migrationsOf(client: ClientBase): Promise<string[]> {
  const exists = await client.query("SELECT to_regclass('baton_migrations') IS NOT NULL AS ok");
  if (!(exists.rows[0] as { ok: boolean }).ok) return [];
  return (
    await client.query<{ name: string }>('SELECT name FROM baton_migrations ORDER BY name')
  ).rows.map((r) => r.name);
}

/** Dump every Baton table at `url` to `file` (which must not exist). */
export async function backupPostgres(url: string, file: string): Promise<BackupSummary> {
  if (existsSync(file)) throw new BatonError('BATON_BACKUP_FILE_EXISTS', { extra: { file } });
  const client = await connect(url);
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  const write = async (line: unknown) => {
    if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
  };
  let rows = 0;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const migrations = await migrationsOf(client);
    if (migrations.length === 0)
      throw new BatonError('BATON_BACKUP_NO_DATABASE', {
        message: 'The database at DATABASE_URL is not a Baton database (it has no migrations).',
      });
    await write({
      format: DUMP_FORMAT,
      version: DUMP_VERSION,
      dialect: 'postgres',
      takenAt: new Date().toISOString(),
      migrations,
    });
    const tables = await tablesInDependencyOrder(client);
    for (const table of tables) {
      const columns = await columnsOf(client, table);
      await write({ table, columns });
      const list = columns.map(ident).join(', ');
      // In key order, so that two dumps of the same data are the same file.
      const order = (await orderOf(client, table, columns)).map(ident).join(', ');
      await client.query(
        `DECLARE dump NO SCROLL CURSOR FOR SELECT ${list} FROM ${ident(table)} ORDER BY ${order}`,
      );
      for (;;) {
        const batch = await client.query({
          text: `FETCH ${String(FETCH_ROWS)} FROM dump`,
          rowMode: 'array',
        });
        for (const row of batch.rows as unknown[][]) await write(row);
        rows += batch.rows.length;
        if (batch.rows.length < FETCH_ROWS) break;
      }
      await client.query('CLOSE dump');
    }
    await write({ end: true, tables: tables.length, rows });
    await client.query('COMMIT');
    out.end();
    await once(out, 'finish');
    renameSync(partial, file);
    return { tables: tables.length, rows };
  } finally {
    out.destroy();
    rmSync(partial, { force: true });
    await client.end();
  }
}

/** Restore a dump into the empty database at `url`, migrating it first. */
export async function restorePostgres(file: string, url: string): Promise<BackupSummary> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  const next = async (): Promise<unknown> => {
    const r = await iterator.next();
    if (r.done === true) throw new BatonError('BATON_BACKUP_UNREADABLE');
    try {
      return JSON.parse(r.value) as unknown;
    } catch {
      throw new BatonError('BATON_BACKUP_UNREADABLE');
    }
  };
  const header = dumpHeader.safeParse(await next());
  if (!header.success) throw new BatonError('BATON_BACKUP_UNREADABLE');

  const handle = openDatabase({ databaseUrl: url, poolSize: 1 });
  try {
    await migrateToLatest(handle);
  } finally {
    await handle.close();
  }
  const client = await connect(url);
  try {
    const applied = await migrationsOf(client);
    if (applied.join() !== header.data.migrations.join())
      throw new BatonError('BATON_BACKUP_SCHEMA_MISMATCH', {
        message: `The backup was taken at migration ${header.data.migrations.at(-1) ?? '(none)'}, this Baton is at ${applied.at(-1) ?? '(none)'}. Restore it with the version of Baton that took it, then upgrade.`,
      });
    const tables = await tablesInDependencyOrder(client);
    for (const t of tables) {
      const found = await client.query(`SELECT 1 FROM ${ident(t)} LIMIT 1`);
      if (found.rows.length > 0)
        throw new BatonError('BATON_RESTORE_NOT_EMPTY', {
          message: `The database at DATABASE_URL already has rows (in ${t}). Create a new, empty database and restore into that.`,
        });
    }
    await client.query('BEGIN');
    let rows = 0;
    let restored = 0;
    let current: { table: string; columns: string[] } | undefined;
    let batch: unknown[][] = [];
    const flush = async () => {
      if (current === undefined || batch.length === 0) return;
      const width = current.columns.length;
      const values = batch
        .map(
          (_, i) =>
            `(${current?.columns.map((__, j) => `$${String(i * width + j + 1)}`).join(', ') ?? ''})`,
        )
        .join(', ');
      await client.query(
        `INSERT INTO ${ident(current.table)} (${current.columns.map(ident).join(', ')}) VALUES ${values}`,
        batch.flat(),
      );
      rows += batch.length;
      batch = [];
    };
    for (;;) {
      const line = await next();
      if (Array.isArray(line)) {
        if (current === undefined || line.length !== current.columns.length)
          throw new BatonError('BATON_BACKUP_UNREADABLE');
        batch.push(line as unknown[]);
        if ((batch.length + 1) * current.columns.length > INSERT_PARAMS) await flush();
        continue;
      }
      await flush();
      const end = endLine.safeParse(line);
      if (end.success) {
        if (end.data.rows !== rows || end.data.tables !== restored)
          throw new BatonError('BATON_BACKUP_UNREADABLE');
        break;
      }
      const start = tableLine.safeParse(line);
      if (!start.success) throw new BatonError('BATON_BACKUP_UNREADABLE');
      if (!tables.includes(start.data.table))
        throw new BatonError('BATON_BACKUP_SCHEMA_MISMATCH', {
          message: `The backup has a table "${start.data.table}" that this database does not. Restore it with the version of Baton that took it.`,
        });
      current = start.data;
      restored++;
    }
    await resetSequences(client);
    await client.query('COMMIT');
    return { tables: restored, rows };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    lines.close();
    await client.end();
  }
}

/** Serial columns (the audit trail's sequence) continue after the restored rows. */
async function resetSequences(client: ClientBase): Promise<void> {
  const serials = await client.query<{ table: string; column: string }>(
    `SELECT table_name AS table, column_name AS column FROM information_schema.columns
     WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'`,
  );
  for (const { table, column } of serials.rows) {
    await client.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(${ident(column)}), 1), max(${ident(column)}) IS NOT NULL) FROM ${ident(table)}`,
      [table, column],
    );
  }
}
