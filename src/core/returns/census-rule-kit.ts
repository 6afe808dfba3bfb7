/**
 * What every census rule is made of: the rule type, DfE's severities and the small date and
 * list helpers the rules share (pure). The rules themselves are in census-child-rules.ts (the
 * child and the episode) and census-module-rules.ts (assessments, plans, s47 enquiries).
 */
import type {
  CensusChild,
  CensusCinPlan,
  CensusCpPlan,
  CensusEpisode,
  CensusPeriod,
} from './census-model.js';

export type RuleSeverity = 'error' | 'query';

/** One DfE rule over one child. */
export interface CensusRule {
  /** DfE's rule number, with Q for a query. */
  id: string;
  severity: RuleSeverity;
  /** DfE's message. */
  message: string;
  /** The census module the rule reads (DfE's "module" column). */
  module:
    | 'ChildIdentifiers'
    | 'ChildCharacteristics'
    | 'CINdetails'
    | 'Assessments'
    | 'CINPlanDates'
    | 'Section47'
    | 'ChildProtectionPlans'
    | 'Reviews'
    | 'PreProceedingsandFGDM';
  check: (child: CensusChild, period: CensusPeriod) => boolean;
}

export const eps = (c: CensusChild): CensusEpisode[] => c.episodes;
export const any = <T>(list: readonly T[], f: (x: T) => boolean): boolean => list.some(f);
export const inYear = (d: string, p: CensusPeriod): boolean => d >= p.start && d <= p.end;
/** Two date ranges overlap (an open end runs on; touching ends do not overlap). */
export const overlaps = (
  a: { s: string; e: string | null },
  b: { s: string; e: string | null },
): boolean => a.s < (b.e ?? '9999-12-31') && b.s < (a.e ?? '9999-12-31');
export const pairs = <T>(list: readonly T[]): [T, T][] =>
  list.flatMap((a, i) => list.slice(i + 1).map((b): [T, T] => [a, b]));
export const dupes = (list: readonly string[]): boolean => new Set(list).size !== list.length;
export const isWeekend = (d: string): boolean => {
  const day = new Date(`${d}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
};
export const addDays = (d: string, n: number): string => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
};
/** DfE's reference date, 31 March of the year the census ends (even when `end` is earlier). */
export const referenceDate = (p: CensusPeriod): string => `${p.collectionYear}-03-31`;
export const addMonths = (d: string, n: number): string => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCMonth(t.getUTCMonth() + n);
  return t.toISOString().slice(0, 10);
};
export const addYears = (d: string, n: number): string =>
  `${String(Number(d.slice(0, 4)) + n)}${d.slice(4)}`;
export const cpPlans = (c: CensusChild): CensusCpPlan[] => eps(c).flatMap((e) => e.cpPlans);
export const cinPlans = (c: CensusChild): CensusCinPlan[] => eps(c).flatMap((e) => e.cinPlans);
/**
 * `day` falls within a plan that began on `start` and ends on `end` (the end day excluded), or
 * that is still open and began by the reference date (rules 4016, 4017).
 */
export const openOn = (day: string, start: string, end: string | null, p: CensusPeriod): boolean =>
  day >= start && (end === null ? day <= referenceDate(p) : day < end);
export const unborn = (c: CensusChild): boolean =>
  c.birthDate === null && c.expectedBirthDate !== null;
export const isOpen = (e: CensusEpisode): boolean => e.closureDate === null;
export const afterAssessment = (e: CensusEpisode): boolean =>
  e.closureReason === 'RC8' || e.closureReason === 'RC9';

export const rule = (
  id: string,
  module: CensusRule['module'],
  message: string,
  check: CensusRule['check'],
): CensusRule => ({ id, severity: id.endsWith('Q') ? 'query' : 'error', module, message, check });
