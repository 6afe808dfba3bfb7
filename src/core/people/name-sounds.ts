/** How names are compared and indexed: normalised parts and their Double Metaphone codes. */
import { doubleMetaphone } from 'double-metaphone';

/** Lower case, accents off, apostrophes dropped, anything else that is not a letter a space. */
export function nameTokens(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .split(/[^\p{L}]+/u)
    .filter((t) => t !== '');
}

/** The Double Metaphone codes of one word: the primary, and the alternate when it differs. */
export function codesOf(word: string): string[] {
  const [primary, alternate] = doubleMetaphone(word);
  if (primary === '') return alternate === '' ? [] : [alternate];
  return alternate === '' || alternate === primary ? [primary] : [primary, alternate];
}

/** The Double Metaphone codes of a name, for the storage layer to index (sorted, no repeats). */
export function phoneticKeys(name: string): string[] {
  const tokens = nameTokens(name);
  const words = tokens.length > 1 ? [...tokens, tokens.join('')] : tokens;
  return [...new Set(words.flatMap(codesOf))].sort();
}
