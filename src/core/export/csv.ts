/**
 * CSV for exports people open in spreadsheets. A cell that begins with = + - @, a tab or a
 * carriage return is a formula to Excel and LibreOffice, so it is neutralised with a leading
 * apostrophe (OWASP "CSV Injection"); every cell is quoted, with quotes doubled (RFC 4180).
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, safe to open in a spreadsheet. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '""';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

/** A whole CSV document: a header row, then the rows, CRLF line ends (RFC 4180). */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean | null | undefined)[])[],
): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
