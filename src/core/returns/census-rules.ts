/**
 * DfE's validation rules for the Children in Need census, as pure checks of one census child.
 * Each rule carries DfE's number and message (DfE, *Children in need census 2025 to 2026:
 * validation rules*; numbers ending Q are queries, to be checked and explained, the rest errors
 * that must be fixed). The rules are in census-child-rules.ts and census-module-rules.ts; rules
 * that compare across the whole return (1520 duplicate UPNs, 8510 duplicate LA child ids) are
 * in census-return-rules.ts.
 */
import type { CensusChild, CensusPeriod } from './census-model.js';
import { CHILD_RULES } from './census-child-rules.js';
import { MODULE_RULES } from './census-module-rules.js';
import type { CensusRule, RuleSeverity } from './census-rule-kit.js';
import { PRE_PROCEEDINGS_RULES } from './pre-proceedings-rules.js';

export type { CensusRule, RuleSeverity } from './census-rule-kit.js';

/** Every per-child rule Baton checks, by module, in DfE's number order within each. */
export const CENSUS_RULES: readonly CensusRule[] = [...CHILD_RULES, ...MODULE_RULES];

/** One rule a child fails. */
export interface CensusFailure {
  rule: string;
  severity: RuleSeverity;
  message: string;
  laChildId: string;
  recordId: string;
}

/** Every per-child rule: the modules of both years, then the 2026-27 pre-proceedings module. */
export const ALL_CENSUS_RULES: readonly CensusRule[] = [...CENSUS_RULES, ...PRE_PROCEEDINGS_RULES];

/** The rules `child` fails, in the order of ALL_CENSUS_RULES. */
export function validateCensusChild(child: CensusChild, period: CensusPeriod): CensusFailure[] {
  return ALL_CENSUS_RULES.filter((r) => r.check(child, period)).map((r) => ({
    rule: r.id,
    severity: r.severity,
    message: r.message,
    laChildId: child.laChildId,
    recordId: child.recordId,
  }));
}
