/**
 * `baton users import users.csv`: the file read into rows, each checked for what can be known
 * without the database (required columns, email form, known roles). Pure. Rows are numbered as a
 * spreadsheet numbers them: the header is row 1, so the first user is row 2.
 */
import { roles as allRoles, type Role } from '../access/roles.js';
import type { ErrorDetail } from '../errors/error-catalogue.js';

/** The columns a file must have (in any order); `team` and `roles` may be left empty. */
export const IMPORT_COLUMNS = ['username', 'name', 'email', 'agency', 'team', 'roles'] as const;

export interface ImportRow {
  /** The row's number in the file (header = 1). */
  row: number;
  username: string;
  displayName: string;
  email: string;
  /** An agency's id or exact name. */
  agency: string;
  team: string | null;
  roles: Role[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Split CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into records. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const c = body.charAt(i);
    if (quoted) {
      if (c === '"' && body.charAt(i + 1) === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body.charAt(i + 1) === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** The rows of a users file, and every problem found, each naming its row and column. */
export function readUserRows(text: string): { rows: ImportRow[]; problems: ErrorDetail[] } {
  const [header = [], ...records] = parseCsv(text);
  const columns = header.map((h) => h.trim().toLowerCase());
  const missing = IMPORT_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0)
    return {
      rows: [],
      problems: [
        {
          path: 'row 1',
          message: `The header needs the columns ${IMPORT_COLUMNS.join(', ')}; missing: ${missing.join(', ')}`,
        },
      ],
    };
  const rows: ImportRow[] = [];
  const problems: ErrorDetail[] = [];
  records.forEach((record, index) => {
    const row = index + 2;
    if (record.every((f) => f.trim() === '')) return;
    const get = (c: (typeof IMPORT_COLUMNS)[number]) => (record[columns.indexOf(c)] ?? '').trim();
    const problem = (column: string, message: string) =>
      problems.push({ path: `row ${String(row)}, ${column}`, message });
    for (const c of ['username', 'name', 'email', 'agency'] as const)
      if (get(c) === '') problem(c, 'Fill this in');
    if (get('email') !== '' && !EMAIL.test(get('email')))
      problem('email', 'Enter an email address in the form name@example.org');
    const given = get('roles')
      .split(/[;\s]+/)
      .filter((r) => r !== '');
    const unknown = given.filter((r) => !(allRoles as readonly string[]).includes(r));
    if (unknown.length > 0)
      problem('roles', `Unknown role ${unknown.join(', ')}; roles are ${allRoles.join(', ')}`);
    rows.push({
      row,
      username: get('username'),
      displayName: get('name'),
      email: get('email'),
      agency: get('agency'),
      team: get('team') === '' ? null : get('team'),
      roles: given.filter((r): r is Role => (allRoles as readonly string[]).includes(r)),
    });
  });
  return { rows, problems };
}
