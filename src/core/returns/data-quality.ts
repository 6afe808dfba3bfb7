/**
 * The data team's data quality view (issue 16 §2): every census failure, grouped by the team
 * the child is allocated to, with counts by rule and the children who fail (pure).
 */
import type { CensusFailure } from './census-rules.js';

/** A child who fails one rule or more. */
export interface FailingChild {
  recordId: string;
  laChildId: string;
  rules: string[];
}

export interface TeamQuality {
  /** The team's name, or null for children with no allocated team. */
  team: string | null;
  children: FailingChild[];
  byRule: { rule: string; severity: 'error' | 'query'; message: string; children: number }[];
}

/**
 * Group failures by team: teams with the most failing children first, no team last; rules by
 * how many children fail them. `teamOf` gives the team of a record (null: none allocated).
 */
export function failuresByTeam(
  failures: readonly CensusFailure[],
  teamOf: (recordId: string) => string | null,
): TeamQuality[] {
  interface Tally {
    children: Map<string, FailingChild>;
    rules: Map<string, TeamQuality['byRule'][number]>;
  }
  const teams = new Map<string | null, Tally>();
  for (const f of failures) {
    const team = teamOf(f.recordId);
    const t: Tally = teams.get(team) ?? { children: new Map(), rules: new Map() };
    teams.set(team, t);
    const child: FailingChild = t.children.get(f.recordId) ?? {
      recordId: f.recordId,
      laChildId: f.laChildId,
      rules: [],
    };
    t.children.set(f.recordId, child);
    if (child.rules.includes(f.rule)) continue;
    child.rules.push(f.rule);
    const rule = t.rules.get(f.rule) ?? {
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      children: 0,
    };
    rule.children += 1;
    t.rules.set(f.rule, rule);
  }
  return [...teams.entries()]
    .map(([team, t]) => ({
      team,
      children: [...t.children.values()].sort((a, b) => a.laChildId.localeCompare(b.laChildId)),
      byRule: [...t.rules.values()].sort(
        (a, b) => b.children - a.children || a.rule.localeCompare(b.rule),
      ),
    }))
    .sort(
      (a, b) =>
        Number(a.team === null) - Number(b.team === null) ||
        b.children.length - a.children.length ||
        (a.team ?? '').localeCompare(b.team ?? ''),
    );
}
