import { describe, expect, it } from 'vitest';
import { checkEmergencyReason } from './emergency-reason.js';

describe('checkEmergencyReason', () => {
  it('refuses reasons that are long enough in characters but say nothing', () => {
    for (const reason of [
      '',
      'aaaaaaaaaa',
      'xxxxxxxxxxxxxxxxxxxx',
      'urgent urgent urgent urgent',
      'a b c d e f g h',
      '1234567890 1234',
      'need it now',
      'aa bb cc dd',
    ])
      expect(checkEmergencyReason(reason).ok, reason).toBe(false);
  });

  it('accepts a reason of four different words, in any language, trimmed', () => {
    expect(checkEmergencyReason('  Police report of injury tonight ')).toEqual({
      ok: true,
      value: 'Police report of injury tonight',
    });
    expect(checkEmergencyReason('Plentyn mewn perygl heno').ok).toBe(true);
  });
});
