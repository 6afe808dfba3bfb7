/** The deny-list of common passwords, read once from security/common-passwords.txt. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BatonError } from '../../core/errors/error-catalogue.js';
import { denyListForm, passwordProblems } from '../../core/access/index.js';

/** The shipped list (the same relative path from src/ and dist/, as for policy-packs/). */
export const COMMON_PASSWORDS_FILE = fileURLToPath(
  new URL('../../../security/common-passwords.txt', import.meta.url),
);

let cached: ReadonlySet<string> | undefined;

/** The deny-list as a set of normalised entries. */
export function commonPasswords(): ReadonlySet<string> {
  cached ??= new Set(
    readFileSync(COMMON_PASSWORDS_FILE, 'utf8')
      .split('\n')
      .map(denyListForm)
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
  return cached;
}

/** Throw BATON_WEAK_PASSWORD, listing what to change, unless the password meets the policy. */
export function assertPasswordAcceptable(password: string, field = 'password'): void {
  const problems = passwordProblems(password, commonPasswords());
  if (problems.length > 0)
    throw new BatonError('BATON_WEAK_PASSWORD', {
      details: problems.map((message) => ({ path: field, message })),
    });
}
