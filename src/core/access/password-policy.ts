/**
 * Password policy after the NCSC's password guidance ("Password administration for system
 * owners", 2018): a minimum length of 12, a deny-list of common passwords, and no composition
 * rules (they push people to predictable patterns) and no forced expiry. Pure: the deny-list is
 * passed in (the shell reads it from security/common-passwords.txt).
 */

export const PASSWORD_MIN_LENGTH = 12;
/** Longer than any passphrase a person types; stops a megabyte "password" costing a hash. */
export const PASSWORD_MAX_LENGTH = 256;

/** How a deny-list entry and a candidate are compared: case and surrounding space ignored. */
export const denyListForm = (password: string): string =>
  password.normalize('NFKC').trim().toLowerCase();

/** What is wrong with a password, in words a person can act on; empty when it is acceptable. */
export function passwordProblems(password: string, denyList: ReadonlySet<string>): string[] {
  const length = Array.from(password).length;
  const problems: string[] = [];
  if (length < PASSWORD_MIN_LENGTH)
    problems.push(
      `Use at least ${String(PASSWORD_MIN_LENGTH)} characters (three random words work well)`,
    );
  if (length > PASSWORD_MAX_LENGTH)
    problems.push(`Use at most ${String(PASSWORD_MAX_LENGTH)} characters`);
  if (denyList.has(denyListForm(password)))
    problems.push('This password is one of the most common and is guessed first: choose another');
  return problems;
}
