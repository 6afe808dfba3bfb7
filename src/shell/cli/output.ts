/**
 * Plain-text output for the terminal: wrapped paragraphs, aligned tables, citations and
 * telephone numbers. Pure functions returning lines; the commands decide where they go.
 */
import type { Citation, ResolvedPack } from '../../core/policy/index.js';

const WIDTH = 88;

/** Lines joined for writing, with the final newline a terminal expects. */
export function text(lines: readonly string[]): string {
  return `${lines.join('\n')}\n`;
}

/** Pretty JSON, for `--json` output that other programs read. */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Word-wrap one paragraph: `first` prefixes the first line, `rest` every later one. */
export function wrap(paragraph: string, first = '', rest = first, width = WIDTH): string[] {
  const words = paragraph.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** Columns padded to the widest cell; the last column is left ragged. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [headers, ...rows];
  const widths = headers.map((_, col) => Math.max(...all.map((row) => (row[col] ?? '').length)));
  return all.map((row) =>
    row
      .map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** "Children Act 1989, s47(1)(b)": the source's title where the pack declares it. */
export function citationText(pack: ResolvedPack, citation: Citation): string {
  const source = pack.sources.find((s) => s.id === citation.source);
  return `${source?.title ?? citation.source}, ${citation.section}`;
}

interface Phone {
  number: string;
  label?: string | undefined;
  option?: string | undefined;
  hours?: string | undefined;
}

/** "Out of hours: 01632 960000 (option 1, 5pm to 9am)". */
export function phoneText(phone: Phone): string {
  const notes = [phone.option, phone.hours].filter((n): n is string => n !== undefined);
  const label = phone.label === undefined ? '' : `${phone.label}: `;
  return `${label}${phone.number}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}

/** "1 step", "2 steps". */
export function count(n: number, word: string, plural = `${word}s`): string {
  return `${n} ${n === 1 ? word : plural}`;
}

/** The first line of a message: failures are reported on one line. */
export function firstLine(message: string): string {
  return message.split('\n', 1)[0]?.trim() ?? '';
}
