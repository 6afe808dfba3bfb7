/**
 * The DfE code sets the Children in Need census uses, held once. Source for every set: DfE,
 * *Children in need census 2025 to 2026* and *2026 to 2027* business and technical
 * specifications, "Code sets" (items named by their DfE data item number). Labels are DfE's,
 * shortened where the specification's wording is long.
 */
import type { AgencyKind } from '../access/roles.js';

/** One code with its label. */
export interface Code<C extends string = string> {
  code: C;
  label: string;
}

const codes = <C extends string>(list: readonly (readonly [C, string])[]): readonly Code<C>[] =>
  list.map(([code, label]) => ({ code, label }));

/** N00783 Sex (from 2024-25, replacing GenderCurrent). */
export const SEX = codes([
  ['M', 'Male'],
  ['F', 'Female'],
  ['U', 'Not known or not recorded (also an unborn child)'],
] as const);
export type SexCode = (typeof SEX)[number]['code'];

/** N00177 Ethnicity: the 18 DfE main categories plus refused (REFU) and not obtained (NOBT). */
export const ETHNICITY = codes([
  ['WBRI', 'White: British'],
  ['WIRI', 'White: Irish'],
  ['WIRT', 'White: Traveller of Irish heritage'],
  ['WROM', 'White: Gypsy or Roma'],
  ['WOTH', 'White: any other White background'],
  ['MWBC', 'Mixed: White and Black Caribbean'],
  ['MWBA', 'Mixed: White and Black African'],
  ['MWAS', 'Mixed: White and Asian'],
  ['MOTH', 'Mixed: any other mixed background'],
  ['AIND', 'Asian or Asian British: Indian'],
  ['APKN', 'Asian or Asian British: Pakistani'],
  ['ABAN', 'Asian or Asian British: Bangladeshi'],
  ['AOTH', 'Asian or Asian British: any other Asian background'],
  ['BCRB', 'Black or Black British: Caribbean'],
  ['BAFR', 'Black or Black British: African'],
  ['BOTH', 'Black or Black British: any other Black background'],
  ['CHNE', 'Chinese'],
  ['OOTH', 'Any other ethnic group'],
  ['REFU', 'Refused: the child or family declined to say'],
  ['NOBT', 'Information not yet obtained'],
] as const);
export type EthnicityCode = (typeof ETHNICITY)[number]['code'];

/** N00099 Disability. NONE cannot be combined with another code (rule 8790). */
export const DISABILITY = codes([
  ['NONE', 'No disability'],
  ['MOB', 'Mobility: getting about'],
  ['HAND', 'Hand function: using hands for everyday tasks'],
  ['PC', 'Personal care: eating, washing, dressing'],
  ['INC', 'Incontinence or bladder and bowel control'],
  ['COMM', 'Communication: speaking and being understood'],
  ['LD', 'Learning: understanding and learning'],
  ['HEAR', 'Hearing'],
  ['VIS', 'Vision'],
  ['BEH', 'Behaviour'],
  ['CON', 'Consciousness: seizures'],
  ['AUT', 'Diagnosed with autism or Asperger syndrome'],
  ['DDA', 'Another disability under the Equality Act 2010'],
] as const);
export type DisabilityCode = (typeof DISABILITY)[number]['code'];

/** N00135 Reason UPN unknown. */
export const UPN_UNKNOWN = codes([
  ['UN1', 'Under 6 and not yet in school'],
  ['UN2', 'Has never attended a state school in England'],
  ['UN3', 'Lives abroad'],
  ['UN4', 'Moved into the area and the school is not yet known'],
  ['UN5', 'The sources that hold UPNs disagree'],
  ['UN6', 'Unaccompanied asylum-seeking child, or newly arrived from abroad'],
  ['UN7', 'A referral with no further action'],
] as const);
export type UpnUnknownCode = (typeof UPN_UNKNOWN)[number]['code'];

/** N00152 Source of referral. */
export const REFERRAL_SOURCE = codes([
  ['1A', 'Individual: family member, relative or carer'],
  ['1B', 'Individual: acquaintance, including neighbours and child minders'],
  ['1C', 'Individual: self'],
  ['1D', 'Individual: other'],
  ['2A', 'Schools'],
  ['2B', 'Education services'],
  ['3A', 'Health services: GP'],
  ['3B', 'Health services: health visitor'],
  ['3C', 'Health services: school nurse'],
  ['3D', 'Health services: other primary health services'],
  ['3E', 'Health services: A&E (emergency department)'],
  ['3F', 'Health services: other, for example a hospice'],
  ['4', 'Housing (the council or a housing association)'],
  ['5A', 'Local authority services: social care, for example adult social care'],
  ['5B', 'Local authority services: other internal, for example youth justice'],
  ['5C', "Local authority services: external, for example another council's children's services"],
  ['5D', 'Early help'],
  ['6', 'Police'],
  ['7', 'Other legal agency: courts, probation, immigration, Cafcass, prison'],
  ['8', 'Other: children’s centres, independent providers, voluntary organisations'],
  ['9', 'Anonymous'],
  ['10', 'Unknown'],
] as const);
export type ReferralSourceCode = (typeof REFERRAL_SOURCE)[number]['code'];

/** N00101 Primary need at the end of assessment. */
export const PRIMARY_NEED = codes([
  ['N0', 'Not stated'],
  ['N1', 'Abuse or neglect'],
  ['N2', "Child's disability or illness"],
  ['N3', "Parent's disability or illness"],
  ['N4', 'Family in acute stress'],
  ['N5', 'Family dysfunction'],
  ['N6', 'Socially unacceptable behaviour'],
  ['N7', 'Low income'],
  ['N8', 'Absent parenting'],
  ['N9', 'Cases other than children in need'],
] as const);
export type PrimaryNeedCode = (typeof PRIMARY_NEED)[number]['code'];

/** N00103 Reason for closure of a CIN episode. */
export const CLOSURE_REASON = codes([
  ['RC1', 'Adopted'],
  ['RC2', 'Died'],
  ['RC3', 'Child arrangements order'],
  ['RC4', 'Special guardianship order'],
  ['RC5', 'Transferred to the services of another local authority'],
  ['RC6', 'Transferred to adult social care'],
  ['RC7', 'Services ceased for any other reason, including the child no longer in need'],
  ['RC8', 'Case closed after assessment: no further action'],
  ['RC9', 'Case closed after assessment: referred to early help'],
] as const);
export type ClosureReasonCode = (typeof CLOSURE_REASON)[number]['code'];

/** N00113 / N00114 Category of abuse on a child protection plan. */
export const CATEGORY_OF_ABUSE = codes([
  ['NEG', 'Neglect'],
  ['PHY', 'Physical abuse'],
  ['SAB', 'Sexual abuse'],
  ['EMO', 'Emotional abuse'],
  ['MUL', 'Multiple'],
] as const);
export type CategoryOfAbuseCode = (typeof CATEGORY_OF_ABUSE)[number]['code'];

/**
 * N00181 Factors identified at the end of assessment. 18A and 19A are still valid codes but
 * queried (rules 8945Q, 8950Q): Baton offers only the B and C forms.
 */
export const ASSESSMENT_FACTORS = codes([
  ['1A', 'Alcohol misuse: concerns about the parent or carer'],
  ['1B', 'Alcohol misuse: concerns about the child'],
  ['1C', 'Alcohol misuse: concerns about another person in the household'],
  ['2A', 'Drug misuse: concerns about the parent or carer'],
  ['2B', 'Drug misuse: concerns about the child'],
  ['2C', 'Drug misuse: concerns about another person in the household'],
  ['3A', 'Domestic abuse: concerns about the parent or carer'],
  ['3B', 'Domestic abuse: concerns about the child'],
  ['3C', 'Domestic abuse: concerns about another person in the household'],
  ['4A', 'Mental health: concerns about the parent or carer'],
  ['4B', 'Mental health: concerns about the child'],
  ['4C', 'Mental health: concerns about another person in the household'],
  ['5A', 'Learning disability: concerns about the parent or carer'],
  ['5B', 'Learning disability: concerns about the child'],
  ['5C', 'Learning disability: concerns about another person in the household'],
  ['6A', 'Physical disability or illness: concerns about the parent or carer'],
  ['6B', 'Physical disability or illness: concerns about the child'],
  ['6C', 'Physical disability or illness: concerns about another person in the household'],
  ['7A', 'Young carer'],
  ['8B', 'Special educational needs or disability'],
  ['8C', 'Unaccompanied asylum-seeking child'],
  ['8D', 'Socially unacceptable behaviour'],
  ['8E', 'Self-harm'],
  ['8F', 'Going or being missing'],
  ['9A', 'Child sexual exploitation'],
  ['10A', 'Trafficking'],
  ['11A', 'Gangs'],
  ['12A', 'Female genital mutilation'],
  ['13A', 'Abuse linked to faith or belief'],
  ['14A', 'Child criminal exploitation'],
  ['15A', 'Privately fostered'],
  ['16A', 'Neglect'],
  ['17A', 'Physical abuse'],
  ['18B', 'Emotional abuse: by an adult'],
  ['18C', 'Emotional abuse: by another child'],
  ['19B', 'Sexual abuse: by an adult'],
  ['19C', 'Sexual abuse: by another child'],
  ['20', 'Other'],
  ['21', 'No factors identified'],
  ['22A', 'Radicalisation'],
  ['23A', 'Child on child abuse'],
  ['24A', 'Extra-familial harm (not listed above)'],
] as const);
export type AssessmentFactorCode = (typeof ASSESSMENT_FACTORS)[number]['code'];

/** True when `value` is one of the set's codes. */
export function isCode<C extends string>(set: readonly Code<C>[], value: unknown): value is C {
  return typeof value === 'string' && set.some((c) => c.code === value);
}

/** A code's label, or the code itself when it is not in the set. */
export function labelOf(set: readonly Code[], value: string): string {
  return set.find((c) => c.code === value)?.label ?? value;
}

/**
 * The referral source a contact starts with, from the referrer's agency kind; the front door
 * can change it (a health contact may be a GP, 3A, rather than other health services, 3F).
 */
export function referralSourceForAgencyKind(kind: AgencyKind | null): ReferralSourceCode {
  switch (kind) {
    case null:
      return '10';
    case 'school':
      return '2A';
    case 'health':
      return '3F';
    case 'police':
      return '6';
    case 'housing':
      return '4';
    case 'early-help':
      return '5D';
    case 'childrens-social-care':
      return '5A';
    case 'voluntary':
      return '8';
  }
}

/** Baton's category-of-abuse words (the s47 ICPC step) as DfE codes. */
export const ABUSE_CATEGORY_CODES: Readonly<Record<string, CategoryOfAbuseCode>> = {
  neglect: 'NEG',
  physical: 'PHY',
  sexual: 'SAB',
  emotional: 'EMO',
  multiple: 'MUL',
};
