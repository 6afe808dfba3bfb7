import { describe, expect, it } from 'vitest';
import { packDocumentSchema } from '../../core/policy/index.js';
import { loadPacks } from '../policy/pack-files.js';

describe("each pack's DfE LA number", () => {
  it('is carried by the four authorities and not by the national pack', () => {
    const packs = loadPacks();
    expect(
      Object.fromEntries(
        ['stockport', 'walsall', 'peterborough', 'worcestershire', 'national'].map((id) => [
          id,
          packs.get(id)?.dfeLaNumber,
        ]),
      ),
    ).toEqual({
      stockport: '356',
      walsall: '335',
      peterborough: '874',
      worcestershire: '885',
      national: null,
    });
  });

  it('is checked by the pack schema: three digits', () => {
    const field = packDocumentSchema.shape.dfeLaNumber;
    expect(field.safeParse('356').success).toBe(true);
    expect(field.safeParse('35').success).toBe(false);
    expect(field.safeParse('35A').success).toBe(false);
  });
});
