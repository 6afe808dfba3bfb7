import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.js';

describe('CSV export cells', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://x.invalid","y")'])(
    'neutralises %j, which a spreadsheet would run as a formula (OWASP)',
    (value) => {
      const cell = csvCell(value);
      expect(cell.startsWith(`"'`)).toBe(true);
      expect(cell.slice(2, -1).replaceAll('""', '"')).toBe(value);
    },
  );

  it('leaves ordinary text alone but quotes it, doubling quotes', () => {
    expect(csvCell('child.read')).toBe('"child.read"');
    expect(csvCell('say "hello", then go')).toBe('"say ""hello"", then go"');
    expect(csvCell('a=b')).toBe('"a=b"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(42)).toBe('"42"');
  });

  it('writes a header and rows with CRLF line ends', () => {
    expect(toCsv(['a', 'b'], [['1', '=2']])).toBe('"a","b"\r\n"1","\'=2"\r\n');
  });
});
