/**
 * Ofsted's Annex A lists (issue 16 §3) as an xlsx workbook, one sheet per list with the
 * template's headings. The workbook is written by exceljs's streaming writer to a temporary name
 * and renamed once complete, so no file is ever written partly. An xlsx file is a zip whose
 * sheets are stored one after another, so a sheet must be complete before the next begins: the
 * children are read once, a batch at a time; list 1 goes straight to its sheet and lists 2 to 8
 * wait in temporary files (one JSON row a line), copied to their sheets in turn. No list is held
 * in memory.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, rename, rm, stat, unlink } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Types only: exceljs takes over a second to load, so it is imported when a file is written,
// never at start-up.
import type ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { isIsoDate } from '../../core/calendar/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import {
  ANNEX_A_LISTS,
  annexARows,
  type AnnexAList,
  type AnnexAListId,
  type AnnexACell,
  type AnnexAColumn,
  type AnnexAWindow,
} from '../../core/returns/index.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import type { Database } from '../db/index.js';
import { annexAChildren, anyAnnexAChild } from '../repositories/annex-a-repository.js';
import { auditReturn, authoriseReturns } from '../repositories/census-repository.js';
import type { Session } from '../session/index.js';

/** Rows written to each list: what an audit row records (never names). */
export type AnnexACounts = Record<AnnexAListId, number>;

/** The window from two dates as typed, or a coded error. */
export function annexAWindow(from: string, to: string): AnnexAWindow {
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (!isIsoDate(value))
      throw new BatonError('BATON_ANNEX_A_BAD_DATE', { extra: { [name]: value } });
  if (from > to) throw new BatonError('BATON_ANNEX_A_WINDOW', { extra: { from, to } });
  return { from, to };
}

/** A cell as exceljs writes it: dates as real dates (shown dd/mm/yyyy), the rest as they are. */
function cellValue(column: AnnexAColumn, value: AnnexACell): ExcelJS.CellValue {
  if (value === null) return null;
  if (column.kind === 'date' && typeof value === 'string') return new Date(`${value}T00:00:00Z`);
  return value;
}

/**
 * Write Annex A for the window to `path`, via a temporary name beside it. Gives
 * BATON_NO_CHILDREN, before any file is made, when no child had any work by the window's end.
 * `packs`: the loaded packs, which say what each step meant (its role).
 */
export async function writeAnnexAFile(
  db: Kysely<Database>,
  w: AnnexAWindow,
  path: string,
  packs: ReadonlyMap<string, ResolvedPack>,
): Promise<AnnexACounts> {
  if (!(await anyAnnexAChild(db, w)))
    throw new BatonError('BATON_NO_CHILDREN', { extra: { from: w.from, to: w.to } });
  const temp = `${path}.${randomBytes(6).toString('hex')}.partial`;
  const counts = Object.fromEntries(ANNEX_A_LISTS.map((l) => [l.id, 0])) as AnnexACounts;
  // Lists 2 to 8 wait in a private directory (mkdtemp: owner only), removed whatever happens.
  const spool = await mkdtemp(join(tmpdir(), 'baton-annex-a-'));
  const { default: excel } = await import('exceljs');
  const book = new excel.stream.xlsx.WorkbookWriter({
    filename: temp,
    useStyles: true,
    useSharedStrings: false,
  });
  book.creator = 'Baton';
  const [first, ...rest] = ANNEX_A_LISTS;
  if (first === undefined) throw new Error('Annex A has no lists');
  const spooled = new Map(
    rest.map((l) => [l.id, createWriteStream(join(spool, `${l.id}.ndjson`), { flags: 'wx' })]),
  );
  try {
    const sheet = addSheet(book, first);
    for await (const child of annexAChildren(db, w, packs)) {
      const rows = annexARows(child, w);
      for (const row of rows[first.id]) addRow(sheet, first, row);
      counts[first.id] += rows[first.id].length;
      for (const [id, out] of spooled) {
        for (const row of rows[id])
          if (!out.write(`${JSON.stringify(row)}\n`)) await once(out, 'drain');
        counts[id] += rows[id].length;
      }
    }
    sheet.commit();
    for (const out of spooled.values()) {
      out.end();
      await once(out, 'finish');
    }
    for (const list of rest) {
      const next = addSheet(book, list);
      const lines = createInterface({
        input: createReadStream(join(spool, `${list.id}.ndjson`), { encoding: 'utf8' }),
        crlfDelay: Infinity,
      });
      for await (const line of lines) addRow(next, list, JSON.parse(line) as AnnexACell[]);
      next.commit();
    }
    await book.commit();
    await rename(temp, path);
  } catch (e) {
    for (const out of spooled.values()) out.destroy();
    await unlink(temp).catch(() => undefined);
    throw e;
  } finally {
    await rm(spool, { recursive: true, force: true });
  }
  return counts;
}

type SheetWriter = ReturnType<ExcelJS.stream.xlsx.WorkbookWriter['addWorksheet']>;

/** A sheet with the list's headings as its first row; date columns shown dd/mm/yyyy. */
function addSheet(book: ExcelJS.stream.xlsx.WorkbookWriter, list: AnnexAList): SheetWriter {
  const sheet = book.addWorksheet(list.sheet);
  sheet.columns = list.columns.map((c) => ({
    header: c.heading,
    width: Math.min(Math.max(c.heading.length, 12), 40),
    ...(c.kind === 'date' && { style: { numFmt: 'dd/mm/yyyy' } }),
  }));
  return sheet;
}

function addRow(sheet: SheetWriter, list: AnnexAList, row: readonly AnnexACell[]): void {
  sheet.addRow(row.map((v, i) => cellValue(list.columns[i] as AnnexAColumn, v))).commit();
}

/** Counts as an audit reason: the window and rows per list. */
function countsForAudit(w: AnnexAWindow, counts: AnnexACounts): Record<string, string | number> {
  return { from: w.from, to: w.to, ...counts };
}

/**
 * Annex A written to `out` at the command line by a named member of the data team (`--as`):
 * refused and audited for anyone else, and audited with the rows in each list, like the page.
 */
export async function annexARun(
  session: Session,
  w: AnnexAWindow,
  out: string,
): Promise<AnnexACounts> {
  await authoriseReturns(session.db, session.ctx, 'returns.annex-a.write');
  const counts = await writeAnnexAFile(session.db, w, out, session.packs);
  await auditReturn(session.db, session.ctx, 'returns.annex-a.write', {
    ...countsForAudit(w, counts),
    via: 'command line',
  });
  return counts;
}

/**
 * Annex A for the data team to download: refused (and audited) for anyone else. The workbook is
 * written whole to a private temporary directory first, so a coded error comes before any byte
 * is sent; the download is audited with its counts; `cleanup` removes the file once sent.
 */
export async function annexADownload(
  session: Session,
  from: string,
  to: string,
): Promise<{ filename: string; path: string; size: number; cleanup: () => Promise<void> }> {
  await authoriseReturns(session.db, session.ctx, 'returns.annex-a.download');
  const w = annexAWindow(from, to);
  const dir = await mkdtemp(join(tmpdir(), 'baton-annex-a-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const path = join(dir, 'annex-a.xlsx');
    const counts = await writeAnnexAFile(session.db, w, path, session.packs);
    await auditReturn(
      session.db,
      session.ctx,
      'returns.annex-a.download',
      countsForAudit(w, counts),
    );
    return {
      filename: `annex-a-${w.from}-to-${w.to}.xlsx`,
      path,
      size: (await stat(path)).size,
      cleanup,
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
