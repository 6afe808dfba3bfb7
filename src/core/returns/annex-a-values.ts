/**
 * The values Annex A's drop-down lists take, from DfE codes Baton holds. Source: the drop-down
 * lists of Ofsted's Annex A template (gender, ethnicity, sources, yes/no, primary need, reason
 * for closure, case status, category of abuse); check them against the current template.
 */
import type { DisabilityCode } from './code-sets.js';

const lettered = (codes: readonly string[]): Record<string, string> =>
  Object.fromEntries(codes.map((c, i) => [c, `${String.fromCharCode(97 + i)}) ${c}`]));

/** Gender from DfE's sex (M, F, U); not recorded reads as not stated. */
export function genderValue(sex: string | null): string {
  if (sex === 'M') return 'a) Male';
  if (sex === 'F') return 'b) Female';
  return 'c) Not stated/recorded';
}

const ETHNICITY_VALUES: Record<string, string> = {
  ...lettered([
    'WBRI',
    'WIRI',
    'WIRT',
    'WOTH',
    'WROM',
    'MWBC',
    'MWBA',
    'MWAS',
    'MOTH',
    'AIND',
    'APKN',
    'ABAN',
    'AOTH',
    'BCRB',
    'BAFR',
    'BOTH',
    'CHNE',
    'OOTH',
    'REFU',
    'NOBT',
  ]),
};

/** Ethnicity as the template writes it (`a) WBRI` …); not recorded reads as not obtained. */
export function ethnicityValue(code: string | null): string {
  return ETHNICITY_VALUES[code ?? 'NOBT'] ?? (ETHNICITY_VALUES['NOBT'] as string);
}

const SOURCE_GROUPS: Record<string, string> = {
  '1': 'Individual',
  '2A': 'Schools',
  '2B': 'Education services',
  '3': 'Health services',
  '4': 'Housing',
  '5': 'LA services',
  '6': 'Police',
  '7': 'Other legal agency',
  '8': 'Other',
  '9': 'Anonymous',
  '10': 'Unknown',
};
const SOURCE_ORDER = [
  '1A',
  '1B',
  '1C',
  '1D',
  '2A',
  '2B',
  '3A',
  '3B',
  '3C',
  '3D',
  '3E',
  '3F',
  '4',
  '5A',
  '5B',
  '5C',
  '5D',
  '6',
  '7',
  '8',
  '9',
  '10',
];

/** A contact or referral source (`e) 2A: Schools`); not recorded reads as unknown (10). */
export function sourceValue(code: string | null): string {
  const c = code !== null && SOURCE_ORDER.includes(code) ? code : '10';
  const group = SOURCE_GROUPS[c] ?? SOURCE_GROUPS[c.slice(0, 1)] ?? 'Unknown';
  const index = SOURCE_ORDER.indexOf(c);
  return `${String.fromCharCode(97 + index)}) ${c}: ${group}`;
}

/** Yes, no, or unknown when null. */
export function yesNo(value: boolean | null): string {
  if (value === null) return 'c) Unknown';
  return value ? 'a) Yes' : 'b) No';
}

/** Disability: yes when any DfE code but NONE, no for NONE, unknown when not recorded. */
export function disabilityValue(codes: readonly DisabilityCode[] | null): string {
  if (codes === null || codes.length === 0) return yesNo(null);
  return yesNo(codes.some((c) => c !== 'NONE'));
}

const PRIMARY_NEED_VALUES: Record<string, string> = {
  N0: 'N0 - Not stated',
  N1: 'N1 - Abuse or neglect',
  N2: "N2 - Child's disability",
  N3: 'N3 - Parental disability or illness',
  N4: 'N4 - Family in acute stress',
  N5: 'N5 - Family dysfunction',
  N6: 'N6 - Socially unacceptable behaviour',
  N7: 'N7 - Low income',
  N8: 'N8 - Absent parenting',
  N9: 'N9 - Cases other than children in need',
};

/** Primary need (`N1 - Abuse or neglect`), or null when not recorded. */
export function primaryNeedValue(code: string | null): string | null {
  return code === null ? null : (PRIMARY_NEED_VALUES[code] ?? null);
}

const CLOSURE_VALUES: Record<string, string> = {
  RC1: 'RC1 - Adopted',
  RC2: 'RC2 - Died',
  RC3: 'RC3 - Child arrangements order',
  RC4: 'RC4 - Special guardianship order',
  RC5: 'RC5 - Transferred to services of another local authority',
  RC6: 'RC6 - Transferred to adult social care services',
  RC7: 'RC7 - Services ceased for any other reason, including child no longer in need',
  RC8: 'RC8 - Case closed after assessment, no further action',
  RC9: 'RC9 - Case closed after assessment, referred to early help',
};

/** Reason for closure (`RC7 - Services ceased …`), or null. */
export function closureReasonValue(code: string | null): string | null {
  return code === null ? null : (CLOSURE_VALUES[code] ?? null);
}

export type CaseStatus = 'looked-after' | 'cp-plan' | 'cin-plan' | 'assessment' | 'closed';
const CASE_STATUS_VALUES: Record<CaseStatus, string> = {
  'looked-after': 'a) Looked after child',
  'cp-plan': 'b) Child Protection plan',
  'cin-plan': 'c) Child in need plan',
  assessment: 'd) Open assessment',
  closed: 'e) Closed episode',
};

/** Case status as the template writes it. */
export function caseStatusValue(status: CaseStatus): string {
  return CASE_STATUS_VALUES[status];
}

const ABUSE_VALUES: Record<string, string> = {
  NEG: 'a) Neglect',
  PHY: 'b) Physical abuse',
  SAB: 'c) Sexual abuse',
  EMO: 'd) Emotional abuse',
  MUL: 'e) Multiple/not recommended',
};

/** Category of abuse (`a) Neglect` …), or null. */
export function abuseValue(code: string | null): string | null {
  return code === null ? null : (ABUSE_VALUES[code] ?? null);
}
