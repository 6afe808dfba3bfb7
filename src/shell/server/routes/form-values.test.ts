import { describe, expect, it } from 'vitest';
import { fieldErrors } from './form-values.js';

describe('fieldErrors', () => {
  it("gives each field the text of the summary item that links to it, by the field's id", () => {
    expect(
      fieldErrors([
        { text: 'Enter your username', href: '#username' },
        { text: 'Enter your password', href: '#password' },
      ]),
    ).toEqual({ username: 'Enter your username', password: 'Enter your password' });
    expect(fieldErrors([])).toEqual({});
  });
});
