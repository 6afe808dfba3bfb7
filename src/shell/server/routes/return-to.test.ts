import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to.js';

// Each of these is read by a browser as another host, a script, or is not a path at all.
const HOSTILE_RETURN_TO = [
  '//evil.example',
  '/\\evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '\\/evil.example',
  '/\\/evil.example',
  ' //evil.example',
  'https://evil.example/',
  'http:evil.example',
  'javascript:alert(1)',
  'evil.example',
  '',
  '/%0a/evil.example'.replace('%0a', '\u000b'),
] as const;

describe('safeReturnTo', () => {
  it.each(HOSTILE_RETURN_TO.map((v) => [JSON.stringify(v), v]))(
    'sends %s to /',
    (_label, value) => {
      const result = safeReturnTo(value);
      expect(new URL(result, 'http://baton.test/').host).toBe('baton.test');
      expect(Array.from(result).some((c) => c < ' ' || c === '\\')).toBe(false);
      expect(result.startsWith('//')).toBe(false);
    },
  );

  it('keeps a same-origin path with its query and fragment', () => {
    expect(safeReturnTo('/children/abc?tab=plan#top')).toBe('/children/abc?tab=plan#top');
  });

  it('keeps the path but drops a newline the browser would also drop', () => {
    expect(safeReturnTo('/work\n/items')).toBe('/work/items');
  });
});
