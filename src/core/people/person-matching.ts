/**
 * Person matching at intake: before a person is created, score the people already recorded
 * against what the practitioner typed, and say why. Pure and deterministic; the shell pre-filters
 * in SQL by the keys of blocking-keys.ts and ranks the survivors here.
 *
 * How a score is made. Each field present on both records earns points (negative for a clear
 * conflict), up to its weight:
 *
 * | field         | weight | grades (points)                                                    |
 * | ------------- | -----: | ------------------------------------------------------------------ |
 * | family name   |     30 | same 30 · same names reordered 27 · a former family name: grade − 3 |
 * |               |        | · part of a double-barrelled name 24 · sounds the same 24          |
 * |               |        | · spelt similarly 20 · part sounds the same 18 · different 0       |
 * | given name    |     25 | same 25 · sounds the same 21 · known short form 20 · spelt         |
 * |               |        | similarly 16 · initial 8 · another given name matches ≤ 15          |
 * |               |        | · different −10                                                    |
 * | date of birth |     30 | same 30 · day and month swapped 22 · one part differs 15           |
 * |               |        | · different −15                                                    |
 * | postcode      |     15 | same 15 · same district 6 · different 0                            |
 *
 * score = 100 × earned ÷ (weights of fields on both records + ½ × weights of fields on only one),
 * so identical records score 100 and a field recorded on one side only lowers confidence a little.
 * Family names never count against a match (they change); a different given name or date of birth
 * does. Then the NHS number, when both records have a valid one:
 * - the same number dominates: score = 90 + score ÷ 10 (so 90–100);
 * - different numbers mean almost certainly two people: score = score × 0.4 (so at most 40).
 * "Spelt similarly" is Jaro–Winkler ≥ 0.9; "sounds the same" is a shared Double Metaphone code.
 */
import { normalisePostcode, parseIsoDate, validateNhsNumber } from './identifiers.js';
import { shortFormOf } from './given-name-short-forms.js';
import { codesOf, nameTokens } from './name-sounds.js';
import { jaroWinkler } from './string-similarity.js';

/** A person as typed at intake or as recorded: only names are required. */
export interface PersonForMatching {
  givenName: string;
  familyName: string;
  dateOfBirth?: string | undefined;
  nhsNumber?: string | undefined;
  postcode?: string | undefined;
  formerFamilyNames?: readonly string[] | undefined;
}

export type MatchField = 'nhsNumber' | 'familyName' | 'givenName' | 'dateOfBirth' | 'postcode';

/** One finding behind a score; `points` are earned before scaling (see the table above). */
export interface MatchEvidence {
  field: MatchField;
  points: number;
  text: string;
}

export interface MatchResult {
  /** 0–100, a whole number. */
  score: number;
  /** Plain-English reasons, strongest first. */
  reasons: string[];
  evidence: MatchEvidence[];
}

export { jaroWinkler } from './string-similarity.js';

export const WEIGHTS = { familyName: 30, givenName: 25, dateOfBirth: 30, postcode: 15 } as const;
const SAME_NHS_FLOOR = 90;
const DIFFERENT_NHS_FACTOR = 0.4;
const SIMILAR_SPELLING = 0.9;

// ---------------------------------------------------------------------------------------------
// Preparing a record: normalised names, phonetic codes, parsed identifiers
// ---------------------------------------------------------------------------------------------

interface PreparedName {
  display: string;
  tokens: string[];
  joined: string;
  /** Double Metaphone codes of the whole name (its parts run together). */
  codes: string[];
  /** Double Metaphone codes of each part. */
  tokenCodes: string[][];
}

interface FamilyNames {
  current: PreparedName;
  former: PreparedName[];
}

interface Prepared {
  given: PreparedName | null;
  family: FamilyNames | null;
  dateOfBirth: string | null;
  nhsNumber: string | null;
  nhsNumberInvalid: boolean;
  postcode: string | null;
}

/*
 * Names, dates and postcodes repeat across candidates and across calls, so their normalised forms
 * are cached. The caches are bounded and invisible to callers (results depend only on the
 * arguments); they keep ranking 1,000 candidates within a few milliseconds.
 */
const CACHE_LIMIT = 20_000;

function cached<T>(compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, { value: T }>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit.value;
    const value = compute(key);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, { value });
    return value;
  };
}

const prepareName = cached((name: string): PreparedName | null => {
  const tokens = nameTokens(name);
  if (tokens.length === 0) return null;
  const joined = tokens.join('');
  const tokenCodes = tokens.map(codesOf);
  const codes = tokens.length === 1 ? (tokenCodes[0] ?? []) : codesOf(joined);
  return { display: name.trim(), tokens, joined, codes, tokenCodes };
});

const dateOrNull = cached((input: string): string | null => {
  const date = input.trim();
  return parseIsoDate(date) === null ? null : date;
});

const postcodeOrNull = cached(normalisePostcode);

const nhsResult = cached(validateNhsNumber);

function prepare(person: PersonForMatching): Prepared {
  const nhs = person.nhsNumber?.trim() ? nhsResult(person.nhsNumber) : null;
  const current = prepareName(person.familyName);
  const former: PreparedName[] = [];
  for (const name of person.formerFamilyNames ?? []) {
    const prepared = prepareName(name);
    if (prepared !== null) former.push(prepared);
  }
  return {
    given: prepareName(person.givenName),
    family: current === null ? null : { current, former },
    dateOfBirth: person.dateOfBirth === undefined ? null : dateOrNull(person.dateOfBirth),
    nhsNumber: nhs?.ok === true ? nhs.value : null,
    nhsNumberInvalid: nhs?.ok === false,
    postcode: person.postcode === undefined ? null : postcodeOrNull(person.postcode),
  };
}

// ---------------------------------------------------------------------------------------------
// Comparing names
// ---------------------------------------------------------------------------------------------

const sharesCode = (a: readonly string[], b: readonly string[]): boolean =>
  a.some((code) => b.includes(code));

/** True when one given name is a common English short form of the other (Jon / Jonathan). */
export function isKnownShortForm(a: string, b: string): boolean {
  return shortFormOf(nameTokens(a).join(''), nameTokens(b).join(''));
}

/** Points for one field, and its reason; the text is built only for the candidates shown. */
interface Grade {
  points: number;
  text: () => string;
}

function pair(a: PreparedName, b: PreparedName): string {
  return `(${a.display} / ${b.display})`;
}

function gradeFamily(a: PreparedName, b: PreparedName): Grade | null {
  if (a.joined === b.joined) return { points: 30, text: () => `Same family name ${pair(a, b)}` };
  const aInB = a.tokens.every((t) => b.tokens.includes(t));
  const bInA = b.tokens.every((t) => a.tokens.includes(t));
  if (aInB && bInA) {
    return { points: 27, text: () => `Same family names in another order ${pair(a, b)}` };
  }
  if (aInB || bInA) {
    return {
      points: 24,
      text: () => `Family name is part of a double-barrelled name ${pair(a, b)}`,
    };
  }
  if (sharesCode(a.codes, b.codes)) {
    return { points: 24, text: () => `Family name sounds the same ${pair(a, b)}` };
  }
  if (jaroWinkler(a.joined, b.joined) >= SIMILAR_SPELLING) {
    return { points: 20, text: () => `Family name is spelt similarly ${pair(a, b)}` };
  }
  if (
    (a.tokens.length > 1 || b.tokens.length > 1) &&
    a.tokenCodes.some((x) => b.tokenCodes.some((y) => sharesCode(x, y)))
  ) {
    return { points: 18, text: () => `Part of the family name sounds the same ${pair(a, b)}` };
  }
  return null;
}

function compareFamily(a: FamilyNames, b: FamilyNames): Grade {
  let best = gradeFamily(a.current, b.current);
  if (a.former.length > 0 || b.former.length > 0) {
    for (const x of [a.current, ...a.former]) {
      for (const y of [b.current, ...b.former]) {
        if (x === a.current && y === b.current) continue;
        const grade = gradeFamily(x, y);
        if (grade === null || grade.points - 3 <= (best?.points ?? 0)) continue;
        best = {
          points: grade.points - 3,
          text: () => `${grade.text()}, using a former family name`,
        };
      }
    }
  }
  return best ?? { points: 0, text: () => `Different family names ${pair(a.current, b.current)}` };
}

const GIVEN_HOW = [
  'is the same',
  'sounds the same',
  'is a known short form',
  'is spelt similarly',
  'initial matches',
] as const;
const GIVEN_POINTS = [25, 21, 20, 16, 8] as const;

/** Index into GIVEN_HOW / GIVEN_POINTS for two parts of given names, or -1 for no match. */
function gradeGivenToken(a: PreparedName, i: number, b: PreparedName, j: number): number {
  const x = a.tokens[i] ?? '';
  const y = b.tokens[j] ?? '';
  if (x === y) return 0;
  if (sharesCode(a.tokenCodes[i] ?? [], b.tokenCodes[j] ?? [])) return 1;
  if (shortFormOf(x, y)) return 2;
  if (jaroWinkler(x, y) >= SIMILAR_SPELLING) return 3;
  if ((x.length === 1 && y.startsWith(x)) || (y.length === 1 && x.startsWith(y))) return 4;
  return -1;
}

function compareGiven(a: PreparedName, b: PreparedName): Grade {
  if (a.joined === b.joined) return { points: 25, text: () => `Same given name ${pair(a, b)}` };
  let best: Grade | null = null;
  for (let i = 0; i < a.tokens.length; i++) {
    for (let j = 0; j < b.tokens.length; j++) {
      const grade = gradeGivenToken(a, i, b, j);
      if (grade < 0) continue;
      const first = i === 0 && j === 0;
      const points = first ? (GIVEN_POINTS[grade] ?? 0) : Math.min(GIVEN_POINTS[grade] ?? 0, 15);
      if (points <= (best?.points ?? 0)) continue;
      best = {
        points,
        text: first
          ? () => `Given name ${GIVEN_HOW[grade] ?? ''} ${pair(a, b)}`
          : () => `One of the given names matches ${pair(a, b)}`,
      };
    }
  }
  return best ?? { points: -10, text: () => `Different given names ${pair(a, b)}` };
}

// ---------------------------------------------------------------------------------------------
// Comparing dates and postcodes
// ---------------------------------------------------------------------------------------------

function compareDateOfBirth(a: string, b: string): Grade {
  if (a === b) return { points: 30, text: () => 'Date of birth matches' };
  const dates = (): string => `(${a} / ${b})`;
  const year = a.slice(0, 4) !== b.slice(0, 4);
  const month = a.slice(5, 7) !== b.slice(5, 7);
  const day = a.slice(8, 10) !== b.slice(8, 10);
  if (!year && a.slice(5, 7) === b.slice(8, 10) && a.slice(8, 10) === b.slice(5, 7)) {
    return { points: 22, text: () => `Day and month of birth swapped ${dates()}` };
  }
  if (Number(year) + Number(month) + Number(day) === 1) {
    const part = year ? 'year' : month ? 'month' : 'day';
    return { points: 15, text: () => `Date of birth differs only in the ${part} ${dates()}` };
  }
  return { points: -15, text: () => `Different dates of birth ${dates()}` };
}

function comparePostcode(a: string, b: string): Grade {
  if (a === b) return { points: 15, text: () => 'Same postcode' };
  const district = a.slice(0, a.indexOf(' '));
  if (district === b.slice(0, b.indexOf(' '))) {
    return { points: 6, text: () => `Postcode district matches (${district})` };
  }
  return { points: 0, text: () => `Different postcodes (${a} / ${b})` };
}

// ---------------------------------------------------------------------------------------------
// Scoring and ranking
// ---------------------------------------------------------------------------------------------

const FIELD_LABEL = {
  familyName: 'Family name',
  givenName: 'Given name',
  dateOfBirth: 'Date of birth',
  postcode: 'Postcode',
} as const;

interface Scored {
  score: number;
  /** How many fields were compared on both records: the tie-break in ranking. */
  compared: number;
}

/** Score two prepared records; with `evidence`, also push the findings onto it, strongest first. */
function scorePrepared(a: Prepared, b: Prepared, evidence?: MatchEvidence[]): Scored {
  const found: MatchEvidence[] = [];
  let earned = 0;
  let available = 0;
  let compared = 0;
  const field = <T>(
    name: keyof typeof WEIGHTS,
    x: T | null,
    y: T | null,
    compare: (x: T, y: T) => Grade,
  ): void => {
    if (x === null && y === null) return;
    if (x === null || y === null) {
      available += WEIGHTS[name] / 2;
      if (evidence) {
        found.push({
          field: name,
          points: 0,
          text: `${FIELD_LABEL[name]} recorded on only one of them`,
        });
      }
      return;
    }
    const grade = compare(x, y);
    available += WEIGHTS[name];
    earned += grade.points;
    compared++;
    if (evidence) found.push({ field: name, points: grade.points, text: grade.text() });
  };
  field('familyName', a.family, b.family, compareFamily);
  field('givenName', a.given, b.given, compareGiven);
  field('dateOfBirth', a.dateOfBirth, b.dateOfBirth, compareDateOfBirth);
  field('postcode', a.postcode, b.postcode, comparePostcode);

  const core = available === 0 ? 0 : (100 * Math.max(0, earned)) / available;
  let final = core;
  const nhsCompared = a.nhsNumber !== null && b.nhsNumber !== null;
  if (nhsCompared) {
    const same = a.nhsNumber === b.nhsNumber;
    final = same ? SAME_NHS_FLOOR + core / 10 : core * DIFFERENT_NHS_FACTOR;
    compared++;
    found.push({
      field: 'nhsNumber',
      points: Math.round(final) - Math.round(core),
      text: same ? 'Same NHS number' : 'Different NHS numbers: probably two different people',
    });
  } else if (a.nhsNumberInvalid || b.nhsNumberInvalid) {
    found.push({
      field: 'nhsNumber',
      points: 0,
      text: 'An NHS number is not valid, so NHS numbers were not compared',
    });
  }
  if (evidence) {
    // A compared NHS number first (it dominates), then by how far each finding moved the score;
    // ties keep the field order above.
    const rank = (e: MatchEvidence): number =>
      e.field === 'nhsNumber' && nhsCompared ? Infinity : Math.abs(e.points);
    const ordered = found
      .map((e, i) => ({ e, i }))
      .sort((x, y) => rank(y.e) - rank(x.e) || x.i - y.i);
    for (const { e } of ordered) evidence.push(e);
  }
  return { score: Math.round(Math.min(100, Math.max(0, final))), compared };
}

function explain(a: Prepared, b: Prepared): MatchResult {
  const evidence: MatchEvidence[] = [];
  const { score } = scorePrepared(a, b, evidence);
  return { score, reasons: evidence.map((e) => e.text), evidence };
}

/** Score how likely `candidate` is the same person as `query`: 0–100, with the reasons. */
export function scoreCandidate(
  query: PersonForMatching,
  candidate: PersonForMatching,
): MatchResult {
  return explain(prepare(query), prepare(candidate));
}

export interface RankOptions {
  /** Most candidates to return (default 10). */
  limit?: number | undefined;
  /** Leave out candidates scoring below this (default 40). */
  minimumScore?: number | undefined;
}

export interface RankedCandidate<T extends PersonForMatching> extends MatchResult {
  candidate: T;
  /** The candidate's position in the input, for the caller to find it again. */
  index: number;
}

/**
 * The candidates most likely to be the query's person, best first. Ties go to the candidate with
 * more fields compared, then to the one earlier in the input, so the order is deterministic.
 */
export function rankCandidates<T extends PersonForMatching>(
  query: PersonForMatching,
  candidates: readonly T[],
  options: RankOptions = {},
): RankedCandidate<T>[] {
  const limit = options.limit ?? 10;
  const minimumScore = options.minimumScore ?? 40;
  const q = prepare(query);
  const scored: (Scored & { candidate: T; index: number; prepared: Prepared })[] = [];
  candidates.forEach((candidate, index) => {
    const prepared = prepare(candidate);
    const s = scorePrepared(q, prepared);
    if (s.score >= minimumScore) scored.push({ ...s, candidate, index, prepared });
  });
  // Reasons are written only for the candidates returned.
  return scored
    .sort((x, y) => y.score - x.score || y.compared - x.compared || x.index - y.index)
    .slice(0, Math.max(0, limit))
    .map(({ candidate, index, prepared }) => ({
      candidate,
      index,
      ...explain(q, prepared),
    }));
}
