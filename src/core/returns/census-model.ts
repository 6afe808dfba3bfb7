/**
 * The Children in Need census as typed data: what the XML writer writes and the rules check.
 * Field names follow the DfE item names (specification 2025-26 and 2026-27, "Data items").
 * Dates are ISO YYYY-MM-DD strings; absent items are null.
 */
import type {
  AssessmentFactorCode,
  CategoryOfAbuseCode,
  ClosureReasonCode,
  DisabilityCode,
  EthnicityCode,
  PrimaryNeedCode,
  ReferralSourceCode,
  SexCode,
  UpnUnknownCode,
} from './code-sets.js';

/** The census years Baton writes. */
export const CENSUS_YEARS = ['2025-26', '2026-27'] as const;
export type CensusYear = (typeof CENSUS_YEARS)[number];

/** The census period: 1 April to 31 March; the reference date is 31 March. */
export interface CensusPeriod {
  year: CensusYear;
  /** The year the census ends, written in `<Year>` (2026 for 2025-26). */
  collectionYear: string;
  start: string;
  end: string;
  /**
   * Set only while the year is under way: the day the records are read as at (before 31 March).
   * Rules about work still open at the year's end (8736, 8740) wait until the year has ended.
   */
  asOf?: string;
}

/** True when `value` is a census year Baton knows. */
export function isCensusYear(value: string): value is CensusYear {
  return (CENSUS_YEARS as readonly string[]).includes(value);
}

/** 1 April to 31 March of the census year. */
export function censusPeriod(year: CensusYear): CensusPeriod {
  const first = Number(year.slice(0, 4));
  return {
    year,
    collectionYear: String(first + 1),
    start: `${String(first)}-04-01`,
    end: `${String(first + 1)}-03-31`,
  };
}

/**
 * The census period as it can be read on `today`: a year that has ended is read as at its end;
 * one still under way is read as the records stand today, and says so (`asOf`).
 */
export function censusPeriodOn(year: CensusYear, today: string): CensusPeriod {
  const period = censusPeriod(year);
  return today < period.end ? { ...period, asOf: today } : period;
}

/** True when the census year has ended by the day it is read (no `asOf`). */
export function yearEnded(period: CensusPeriod): boolean {
  return period.asOf === undefined;
}

export interface CensusHeader {
  period: CensusPeriod;
  /** The 3-digit DfE LA number from the pack. */
  lea: string;
  softwareCode: string;
  release: string;
  serialNo: string;
  /** When the file was made: an ISO time passed in (the core reads no clock). */
  dateTime: string;
}

export interface CensusAssessment {
  actualStartDate: string;
  internalReviewDate: string | null;
  authorisationDate: string | null;
  factors: AssessmentFactorCode[];
}

export interface CensusCinPlan {
  startDate: string;
  endDate: string | null;
}

export interface CensusSection47 {
  actualStartDate: string;
  initialCpcTarget: string | null;
  dateOfInitialCpc: string | null;
  icpcNotRequired: boolean;
}

export interface CensusCpPlan {
  startDate: string;
  endDate: string | null;
  initialCategory: CategoryOfAbuseCode | null;
  latestCategory: CategoryOfAbuseCode | null;
  numberOfPreviousCpp: number;
  reviewDates: string[];
}

/** 2026-27: pre-proceedings under the Public Law Outline and family group decision-making. */
export interface CensusPreProceedings {
  startDate: string;
  lbpSentDate: string | null;
  fgdmMeetingOffered: boolean | null;
  fgdmMeetingFacilitated: boolean | null;
  initialMeetingDate: string | null;
  reviewMeetingsCount: number | null;
  stepDecisionDate: string | null;
  outcome: 'A' | 'B' | 'C' | null;
  courtApplicationDate: string | null;
  letterInitiatingProceedingsDate: string | null;
}

export interface CensusEpisode {
  referralDate: string;
  referralSource: ReferralSourceCode | null;
  primaryNeed: PrimaryNeedCode | null;
  closureDate: string | null;
  closureReason: ClosureReasonCode | null;
  referralNfa: boolean;
  assessments: CensusAssessment[];
  cinPlans: CensusCinPlan[];
  section47s: CensusSection47[];
  cpPlans: CensusCpPlan[];
  preProceedings: CensusPreProceedings[];
}

export interface CensusChild {
  /** Baton's id for the record (for links); never written to the file. */
  recordId: string;
  laChildId: string;
  upn: string | null;
  formerUpn: string | null;
  upnUnknown: UpnUnknownCode | null;
  birthDate: string | null;
  expectedBirthDate: string | null;
  sex: SexCode | null;
  deathDate: string | null;
  ethnicity: EthnicityCode | null;
  disabilities: DisabilityCode[];
  episodes: CensusEpisode[];
}
