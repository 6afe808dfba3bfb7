import { describe, expect, it } from 'vitest';
import { loadPacks } from './pack-files.js';

describe('shipped policy packs', () => {
  it('all load and resolve against the schema', () => {
    const packs = loadPacks();
    expect(packs.has('national')).toBe(true);
    for (const pack of packs.values()) {
      expect(Object.keys(pack.levels)).toEqual(['1', '2', '3', '4']);
      for (const ind of pack.indicators) expect(ind.citation.section.length).toBeGreaterThan(0);
    }
  });
});
