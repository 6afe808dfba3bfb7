/**
 * Blocking keys for intake search: the keys a record is stored under, and the keys a search asks
 * for. Ranking (person-matching.ts) is exact but compares one pair at a time, so the shell first
 * narrows the people recorded to those sharing a key with the query.
 *
 * A sound of a family name alone is shared by thousands of people in a large authority, so it is
 * also stored joined with what else is known:
 *
 * | key                               | stored when                  | searched when               |
 * | --------------------------------- | ---------------------------- | --------------------------- |
 * | `nhs:`, `postcode:`               | recorded                     | typed                       |
 * | `dob:` (and day/month swapped)    | date of birth recorded       | date of birth typed         |
 * | `family:<sound>`                  | always                       | no date of birth typed      |
 * | `family-year:<sound>:<yyyy>`      | date of birth recorded       | date of birth typed         |
 * | `family-day:<sound>:<mm-dd>`      | date of birth recorded       | date of birth typed         |
 * | `family-undated:<sound>`          | no date of birth recorded    | date of birth typed         |
 * | `family-given:<sound>:<initial>`  | always                       | no date of birth: read first |
 *
 * With a date of birth typed, a misspelt year still meets the record by `family-day`, a misspelt
 * day or month by `family-year`, a misspelt family name by `dob:`; a record with no date of birth
 * by `family-undated`. Without one, everyone with the family name's sound is a candidate, and
 * those whose given name starts with the same letter or sound (or a known short form's) are read
 * first, so a cap on how many are read keeps the useful ones.
 */
import { shortFormsOf } from './given-name-short-forms.js';
import { normalisePostcode, parseIsoDate, validateNhsNumber } from './identifiers.js';
import { codesOf, nameTokens, phoneticKeys } from './name-sounds.js';
import type { PersonForMatching } from './person-matching.js';

export { phoneticKeys } from './name-sounds.js';

/** What an intake search asks the store for. */
export interface SearchKeys {
  /** A candidate holds at least one of these. */
  keys: string[];
  /**
   * Candidates holding one of these are read before the others (empty: all are alike). Every one
   * of them is also reached by `keys`.
   */
  preferred: string[];
}

function swapDayMonth(iso: string): string | null {
  const swapped = `${iso.slice(0, 4)}-${iso.slice(8, 10)}-${iso.slice(5, 7)}`;
  return swapped !== iso && parseIsoDate(swapped) !== null ? swapped : null;
}

/** `nhs:`, `dob:` (and swapped) and `postcode:`: the keys that do not depend on the name. */
function identityKeys(person: PersonForMatching, dateOfBirth: string | null): string[] {
  const keys: string[] = [];
  if (person.nhsNumber?.trim()) {
    const nhs = validateNhsNumber(person.nhsNumber);
    if (nhs.ok) keys.push(`nhs:${nhs.value}`);
  }
  if (dateOfBirth !== null) {
    keys.push(`dob:${dateOfBirth}`);
    const swapped = swapDayMonth(dateOfBirth);
    if (swapped !== null) keys.push(`dob:${swapped}`);
  }
  const postcode = person.postcode === undefined ? null : normalisePostcode(person.postcode);
  if (postcode !== null) keys.push(`postcode:${postcode}`);
  return keys;
}

function validDate(input: string | undefined): string | null {
  const date = input?.trim() ?? '';
  return parseIsoDate(date) === null ? null : date;
}

function familySounds(person: PersonForMatching): string[] {
  const names = [person.familyName, ...(person.formerFamilyNames ?? [])];
  return [...new Set(names.flatMap(phoneticKeys))];
}

/**
 * The letters a given name is filed under: the first letter of each part and the first letter of
 * each part's sound (Catherine: C and K, so Kathryn meets it), upper case.
 */
function initialsOf(words: readonly string[]): string[] {
  const initials = new Set<string>();
  for (const word of words) {
    const first = word.codePointAt(0);
    if (first !== undefined) initials.add(String.fromCodePoint(first).toUpperCase());
    for (const code of codesOf(word)) initials.add(code.charAt(0));
  }
  return [...initials];
}

/**
 * The keys a record is stored under (sorted, no repeats): see the table above. Invalid values
 * (a date that does not exist, an NHS number failing its check digit) give no key.
 */
export function blockingKeys(person: PersonForMatching): string[] {
  const dateOfBirth = validDate(person.dateOfBirth);
  const keys = new Set(identityKeys(person, dateOfBirth));
  const initials = initialsOf(nameTokens(person.givenName));
  for (const sound of familySounds(person)) {
    keys.add(`family:${sound}`);
    if (dateOfBirth !== null) {
      keys.add(`family-year:${sound}:${dateOfBirth.slice(0, 4)}`);
      keys.add(`family-day:${sound}:${dateOfBirth.slice(5)}`);
    } else {
      keys.add(`family-undated:${sound}`);
    }
    for (const initial of initials) keys.add(`family-given:${sound}:${initial}`);
  }
  return [...keys].sort();
}

/**
 * The keys an intake search asks for (sorted, no repeats). With a date of birth the family
 * name's sound is joined with its year, its day or "no date recorded"; without one it is the bare
 * sound, with the holders of the same sound and given-name initial (or a known short form's)
 * preferred.
 */
export function searchKeys(query: PersonForMatching): SearchKeys {
  const dateOfBirth = validDate(query.dateOfBirth);
  const identity = identityKeys(query, dateOfBirth);
  const keys = new Set(identity);
  const preferred = new Set<string>();
  const sounds = familySounds(query);
  if (dateOfBirth !== null) {
    for (const sound of sounds) {
      keys.add(`family-year:${sound}:${dateOfBirth.slice(0, 4)}`);
      keys.add(`family-day:${sound}:${dateOfBirth.slice(5)}`);
      keys.add(`family-undated:${sound}`);
    }
  } else if (sounds.length > 0) {
    const given = nameTokens(query.givenName);
    const initials = initialsOf([...given, ...given.flatMap(shortFormsOf)]);
    for (const sound of sounds) {
      keys.add(`family:${sound}`);
      for (const initial of initials) preferred.add(`family-given:${sound}:${initial}`);
    }
    for (const key of identity) preferred.add(key);
  }
  return { keys: [...keys].sort(), preferred: [...preferred].sort() };
}
