/**
 * What a council's practitioners record for the Children in Need census, invented with
 * plausible shares: the child's sex, ethnicity, disabilities and UPN (or why it is unknown); the
 * primary need and factors at the end of an assessment; the category of abuse at an ICPC; the
 * reason a CIN episode closed. Codes are DfE's (src/core/returns/code-sets.ts). The shares are
 * rounded from DfE's published *Characteristics of children in need* tables; they only need to
 * look like an English authority, not match one.
 */
import { upnCheckLetter } from '../../core/people/identifiers.js';
import { WORKFLOW_IDS, type StepRole } from '../../core/policy/index.js';
import { assessmentClosureReasonOf } from '../../core/returns/index.js';
import type {
  AssessmentFactorCode,
  CategoryOfAbuseCode,
  ClosureReasonCode,
  DisabilityCode,
  EthnicityCode,
  PrimaryNeedCode,
  SexCode,
  UpnUnknownCode,
} from '../../core/returns/index.js';
import type { SeededRandom } from './seeded-random.js';

/** Ethnicity of children in need in England, roughly (per cent). */
export const ETHNICITY_SHARES: readonly (readonly [EthnicityCode, number])[] = [
  ['WBRI', 60],
  ['WIRI', 0.4],
  ['WIRT', 0.3],
  ['WROM', 0.8],
  ['WOTH', 6],
  ['MWBC', 3],
  ['MWBA', 1.5],
  ['MWAS', 1.5],
  ['MOTH', 3.5],
  ['AIND', 1.2],
  ['APKN', 3],
  ['ABAN', 1.3],
  ['AOTH', 2],
  ['BCRB', 1.3],
  ['BAFR', 4],
  ['BOTH', 1.5],
  ['CHNE', 0.2],
  ['OOTH', 2.5],
  ['REFU', 0.5],
  ['NOBT', 2],
];

/** The codes recorded for a disabled child: learning, autism and behaviour are the commonest. */
const DISABILITY_SHARES: readonly (readonly [DisabilityCode, number])[] = [
  ['LD', 25],
  ['AUT', 22],
  ['BEH', 14],
  ['COMM', 12],
  ['MOB', 6],
  ['PC', 5],
  ['CON', 3],
  ['HAND', 2],
  ['INC', 3],
  ['HEAR', 2],
  ['VIS', 2],
  ['DDA', 4],
];

/** Share of children recorded with a disability (the rest are recorded NONE). */
const DISABLED_SHARE = 0.05;

/** Census sex (item N00783) from the gender recorded on the person. */
export function sexOf(gender: string): SexCode {
  return gender === 'female' ? 'F' : gender === 'male' ? 'M' : 'U';
}

/** A child's disabilities: NONE for most, one to three distinct codes for a few. */
export function disabilitiesOf(rand: SeededRandom): DisabilityCode[] {
  if (!rand.chance(DISABLED_SHARE)) return ['NONE'];
  const n = rand.weighted([
    ['1', 0.7],
    ['2', 0.22],
    ['3', 0.08],
  ] as const);
  const out = new Set<DisabilityCode>();
  while (out.size < Number(n)) out.add(rand.weighted(DISABILITY_SHARES));
  return [...out];
}

/**
 * Synthetic Unique Pupil Numbers: a valid check letter, the authority's DfE LA number, an
 * invented establishment number and the year the child started school. Each is issued once:
 * the establishment and serial count up, so no two children share one (census rule 1520).
 */
export class SyntheticUpns {
  private issued = 0;

  constructor(private readonly laNumber: string) {}

  next(startedSchool: number): string {
    const n = this.issued++;
    const establishment = String(2001 + Math.floor(n / 1000)).padStart(4, '0');
    const serial = String(n % 1000).padStart(3, '0');
    const year = String(startedSchool % 100).padStart(2, '0');
    const rest = `${this.laNumber}${establishment}${year}${serial}`;
    return `${upnCheckLetter(rest) ?? 'A'}${rest}`;
  }
}

/**
 * A child's UPN or the reason it is unknown. Children of school age (5 or over, some 4-year-olds
 * in reception) have one, bar a few who have never been to a state school, have just moved in
 * or arrived from abroad; younger children and unborn children have none (UN1).
 */
export function upnOf(
  rand: SeededRandom,
  upns: SyntheticUpns,
  age: number,
  asOfYear: number,
): { upn: string | null; reason: UpnUnknownCode | null } {
  const atSchool = age >= 5 || (age === 4 && rand.chance(0.6));
  if (!atSchool) return { upn: null, reason: 'UN1' };
  if (rand.chance(0.97)) return { upn: upns.next(asOfYear - age + 4), reason: null };
  return {
    upn: null,
    reason: rand.weighted([
      ['UN2', 0.45],
      ['UN4', 0.35],
      ['UN6', 0.12],
      ['UN5', 0.08],
    ] as const),
  };
}

/**
 * The factors the social worker chooses at the end of an assessment: one to four, distinct, the
 * commonest being domestic abuse, mental health and drug or alcohol misuse. "21 No factors
 * identified" only for an assessment that closes with no further action, and then alone (rules
 * 8869, 8873Q).
 */
const FACTOR_SHARES: readonly (readonly [AssessmentFactorCode, number])[] = [
  ['3A', 16],
  ['3B', 12],
  ['4A', 15],
  ['4B', 8],
  ['16A', 8],
  ['18B', 9],
  ['1A', 5],
  ['2A', 6],
  ['17A', 4],
  ['5A', 3],
  ['6A', 2],
  ['8B', 3],
  ['8E', 3],
  ['8F', 2],
  ['14A', 2],
  ['9A', 1.5],
  ['7A', 1],
  ['23A', 1],
  ['24A', 1],
  ['20', 2],
];

export function factorsOf(rand: SeededRandom, noFurtherAction: boolean): AssessmentFactorCode[] {
  if (noFurtherAction && rand.chance(0.3)) return ['21'];
  const n = rand.int(1, 4);
  const out = new Set<AssessmentFactorCode>();
  for (let i = 0; i < n; i++) out.add(rand.weighted(FACTOR_SHARES));
  return [...out];
}

/** Primary need: abuse or neglect for over half of children in need. */
const NEED_SHARES: readonly (readonly [PrimaryNeedCode, number])[] = [
  ['N1', 57],
  ['N2', 9],
  ['N3', 3],
  ['N4', 9],
  ['N5', 13],
  ['N6', 2],
  ['N7', 0.5],
  ['N8', 2],
  ['N9', 4],
  ['N0', 0.5],
];

export function primaryNeedOf(rand: SeededRandom): PrimaryNeedCode {
  return rand.weighted(NEED_SHARES);
}

/** The category of abuse words the ICPC step records (mapped to NEG, EMO… by the census). */
const CATEGORY_SHARES: readonly (readonly [string, number])[] = [
  ['neglect', 50],
  ['emotional', 36],
  ['physical', 6],
  ['sexual', 4],
  ['multiple', 4],
];

export function abuseCategoryOf(rand: SeededRandom): string {
  return rand.weighted(CATEGORY_SHARES);
}

const CATEGORY_CODE: Readonly<Record<string, CategoryOfAbuseCode>> = {
  neglect: 'NEG',
  emotional: 'EMO',
  physical: 'PHY',
  sexual: 'SAB',
  multiple: 'MUL',
};

/** The latest category of abuse on a plan: mostly the initial one, sometimes revised at review. */
export function latestCategoryOf(rand: SeededRandom, initial: string): CategoryOfAbuseCode {
  const word = rand.chance(0.12) ? abuseCategoryOf(rand) : initial;
  return CATEGORY_CODE[word] ?? 'NEG';
}

/**
 * Why a CIN episode closed, from the last piece of work and the role (in the pack) of the step
 * that closed it. An episode that was an assessment alone gets the reason the census derives
 * from that role (RC9 into early help, RC8 no further action, else RC7 services ceased), so
 * RC8 and RC9 appear only there (rule 2990); a looked-after child leaves care by adoption, a
 * special guardianship or child arrangements order, or services ending.
 */
export function closureReasonOf(
  rand: SeededRandom,
  workflowId: string,
  closingRole: StepRole | undefined,
  assessmentOnly: boolean,
): ClosureReasonCode {
  if (assessmentOnly && workflowId === WORKFLOW_IDS.cfAssessment)
    return assessmentClosureReasonOf(closingRole) ?? 'RC7';
  if (workflowId === WORKFLOW_IDS.lookedAfter)
    return rand.weighted([
      ['RC7', 0.55],
      ['RC4', 0.2],
      ['RC3', 0.12],
      ['RC1', 0.08],
      ['RC5', 0.05],
    ] as const);
  return rand.weighted([
    ['RC7', 0.9],
    ['RC5', 0.08],
    ['RC6', 0.02],
  ] as const);
}
