import { describe, expect, it } from 'vitest';
import { PASSWORD_MIN_LENGTH, passwordProblems } from './password-policy.js';

const deny = new Set(['password1234', 'qwertyuiop123']);

describe('passwordProblems (NCSC: length and a deny-list, no composition rules)', () => {
  it('refuses fewer than 12 characters', () => {
    expect(passwordProblems('a'.repeat(PASSWORD_MIN_LENGTH - 1), deny)).toHaveLength(1);
    // Counted in characters a person typed, not UTF-16 units.
    expect(passwordProblems('🙂'.repeat(11), deny)).toHaveLength(1);
  });

  it('refuses a listed password whatever its case or surrounding space', () => {
    expect(passwordProblems('Password1234', deny)).toEqual([
      expect.stringContaining('most common'),
    ]);
    expect(passwordProblems(' QWERTYUIOP123 ', deny)).toHaveLength(1);
  });

  it('accepts a long passphrase with no digits, capitals or symbols', () => {
    expect(passwordProblems('purple tractor window', deny)).toEqual([]);
  });
});
