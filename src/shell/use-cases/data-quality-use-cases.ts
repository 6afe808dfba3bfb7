/**
 * Continuous data quality for the data team (issue 16 §2): the census rules run on every child
 * as the records stand today, for the census year under way, grouped by the child's allocated
 * team with counts by rule. Each child is listed by LA child id with a link to the record; the
 * record itself opens only through the access policy (and is audited there). The list is the
 * data team's alone, and every run is audited with its counts, never names.
 */
import {
  censusPeriodOn,
  failuresByTeam,
  returnRuleCheck,
  validateCensusChild,
  type CensusFailure,
  type CensusYear,
  type TeamQuality,
} from '../../core/returns/index.js';
import { allocationOf } from '../repositories/annex-a-repository.js';
import {
  auditReturn,
  authoriseReturns,
  censusChildren,
} from '../repositories/census-repository.js';
import type { Session } from '../session/index.js';
import { censusYearOn, periodFor } from './returns-use-cases.js';
import { londonDay } from '../../core/calendar/index.js';

export interface DataQuality {
  year: CensusYear;
  /** The day the records were checked as they stood (today, or the year's end if past). */
  asAt: string;
  /** False while the year is under way: rules 8736 and 8740 are checked once it has ended. */
  yearEnded: boolean;
  checked: number;
  failing: number;
  errors: number;
  queries: number;
  teams: TeamQuality[];
}

/** Run every census rule on every child for the data team, grouped by team. */
export async function dataQuality(session: Session, year?: string): Promise<DataQuality> {
  await authoriseReturns(session.db, session.ctx, 'returns.data-quality');
  const today = londonDay(session.ctx.now);
  const chosen = year === undefined || year === '' ? censusYearOn(today) : year;
  // A year under way is read as the records stand today (the rules that wait for the year's
  // end, 8736 and 8740, wait); a year past as at its end.
  const base = censusPeriodOn(periodFor(chosen).year, today);
  const period = { ...base, end: today < base.end ? today : base.end };
  const failures: CensusFailure[] = [];
  const across = returnRuleCheck();
  let checked = 0;
  for await (const child of censusChildren(session.db, period, session.packs)) {
    checked += 1;
    across.add(child);
    failures.push(...validateCensusChild(child, period));
  }
  failures.push(...across.failures());
  const ids = [...new Set(failures.map((f) => f.recordId))];
  const teams = new Map<string, string | null>();
  for (let i = 0; i < ids.length; i += 500) {
    const batch = ids.slice(i, i + 500);
    for (const [id, a] of await allocationOf(session.db, batch, period.end)) teams.set(id, a.team);
  }
  const byTeam = failuresByTeam(failures, (id) => teams.get(id) ?? null);
  const count = (s: 'error' | 'query') => failures.filter((f) => f.severity === s).length;
  const result: DataQuality = {
    year: period.year,
    asAt: period.end,
    yearEnded: base.asOf === undefined,
    checked,
    failing: ids.length,
    errors: count('error'),
    queries: count('query'),
    teams: byTeam,
  };
  await auditReturn(session.db, session.ctx, 'returns.data-quality', {
    year: result.year,
    children: checked,
    failing: result.failing,
    errors: result.errors,
    queries: result.queries,
    teams: byTeam.length,
  });
  return result;
}
