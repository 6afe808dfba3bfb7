/**
 * DfE's census rules that compare children across the whole return, not one child alone:
 * 1520 (each UPN unique across the return) and 8510 (each LA child id unique). DfE, *Children in
 * need census 2025 to 2026: validation rules* (and 2026 to 2027, unchanged); every child holding
 * a shared value fails, as DfE reports each record. Pure: children are added as the return
 * streams past and the failures are read at the end. Only the identifiers are kept (about 60
 * bytes a child), never the child.
 */
import type { CensusChild } from './census-model.js';
import type { CensusFailure } from './census-rules.js';
import type { RuleSeverity } from './census-rule-kit.js';

/** One DfE rule over the whole return: which identifier of the child must be unique. */
export interface CensusReturnRule {
  id: string;
  severity: RuleSeverity;
  message: string;
  module: 'ChildIdentifiers';
  /** The value that must be unique across the return, or null when the child has none. */
  key: (child: CensusChild) => string | null;
}

/** Every rule over the whole return Baton checks, in DfE's number order. */
export const CENSUS_RETURN_RULES: readonly CensusReturnRule[] = [
  {
    id: '1520',
    severity: 'error',
    module: 'ChildIdentifiers',
    message: 'More than one record with the same UPN.',
    // A child with no UPN (a reason given instead) shares nothing.
    key: (c) => (c.upn === null || c.upn.trim() === '' ? null : c.upn.toUpperCase()),
  },
  {
    id: '8510',
    severity: 'error',
    module: 'ChildIdentifiers',
    message: 'More than one child record with the same LA Child ID',
    key: (c) => (c.laChildId.trim() === '' ? null : c.laChildId),
  },
];

type Holder = Pick<CensusFailure, 'laChildId' | 'recordId'>;

/** Checks the whole-return rules over children added one at a time. */
export interface ReturnRuleCheck {
  add: (child: CensusChild) => void;
  /** Every child that shares a value that must be unique, one failure per rule. */
  failures: () => CensusFailure[];
}

/** A fresh check of the whole-return rules (one per census run). */
export function returnRuleCheck(
  rules: readonly CensusReturnRule[] = CENSUS_RETURN_RULES,
): ReturnRuleCheck {
  const seen = rules.map(() => new Map<string, Holder[]>());
  return {
    add(child) {
      rules.forEach((r, i) => {
        const key = r.key(child);
        if (key === null) return;
        const holders = seen[i]?.get(key) ?? [];
        holders.push({ laChildId: child.laChildId, recordId: child.recordId });
        seen[i]?.set(key, holders);
      });
    },
    failures() {
      return rules.flatMap((r, i) =>
        [...(seen[i]?.values() ?? [])]
          .filter((holders) => holders.length > 1)
          .flatMap((holders) =>
            holders.map((h) => ({
              rule: r.id,
              severity: r.severity,
              message: r.message,
              laChildId: h.laChildId,
              recordId: h.recordId,
            })),
          ),
      );
    },
  };
}

/** The whole-return failures of a list of children (for a return held in memory, and tests). */
export function validateCensusReturn(children: readonly CensusChild[]): CensusFailure[] {
  const check = returnRuleCheck();
  for (const c of children) check.add(c);
  return check.failures();
}
