/**
 * What social care recorded on the work a step down follows (core/journey/starting-assessment.ts
 * decides what the early help episode starts with from it): the Child and Family Assessment and
 * the child in need plan along `steppedFrom`, and the family's last Early Help Assessment before
 * social care. Read inside the step's unit of work, by the step's own access check.
 */
import type { Kysely } from 'kysely';
import type { CodedText, SocialCarePlanHeld } from '../../core/journey/index.js';
import { WORKFLOW_IDS } from '../../core/policy/index.js';
import { ASSESSMENT_FACTORS, PRIMARY_NEED } from '../../core/returns/index.js';
import type { Database } from '../db/index.js';
import { workChain } from './carry-history-repository.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
const coded = (set: readonly CodedText[], code: string): CodedText => ({
  code,
  label: set.find((c) => c.code === code)?.label ?? code,
});

/** The social care record along the work's `steppedFrom` chain (this work included). */
export async function socialCarePlanHeld(
  db: Kysely<Database>,
  workItemId: string,
): Promise<SocialCarePlanHeld> {
  const chain = await workChain(db, workItemId);
  const items = await db
    .selectFrom('work_items')
    .select(['id', 'workflow_id', 'data', 'lead_professional_name'])
    .where('id', 'in', chain)
    .execute();
  // Newest first, as the chain runs.
  items.sort((a, b) => chain.indexOf(a.id) - chain.indexOf(b.id));
  const cf = items.find((i) => i.workflow_id === 'cf-assessment');
  const cin = items.find((i) => i.workflow_id === 'cin-plan');
  let assessment: SocialCarePlanHeld['assessment'] = null;
  if (cf) {
    const data = obj(JSON.parse(cf.data));
    const census = obj(data.census);
    const recorded = obj(data.assessment);
    const primaryNeed = str(census.primaryNeed);
    assessment = {
      startDate: str(census.startDate),
      authorisedOn: str(census.authorisedOn),
      authorisedBy: str(recorded.authorisedBy),
      workerName: cf.lead_professional_name,
      factors: strs(census.factors).map((f) => coded(ASSESSMENT_FACTORS, f)),
      primaryNeed: primaryNeed === null ? null : coded(PRIMARY_NEED, primaryNeed),
      findings: str(recorded.findings) ?? '',
    };
    if (assessment.findings === '' && assessment.factors.length === 0 && !assessment.startDate)
      assessment = null;
  }
  let cinPlan: SocialCarePlanHeld['cinPlan'] = null;
  if (cin) {
    const plan = obj(obj(JSON.parse(cin.data)).cinPlan);
    cinPlan = {
      needs: strs(plan.needs),
      outcomes: strs(plan.outcomes),
      actions: (Array.isArray(plan.actions) ? plan.actions : []).map((a) => {
        const o = obj(a);
        return {
          action: str(o.action) ?? '',
          owner: str(o.owner) ?? '',
          dueDate: str(o.dueDate) ?? '',
        };
      }),
    };
  }
  const ehIds = items
    .filter((i) => i.workflow_id === WORKFLOW_IDS.earlyHelpEpisode)
    .map((i) => i.id);
  const eha =
    ehIds.length === 0
      ? undefined
      : await db
          .selectFrom('eh_assessments')
          .select(['strengths'])
          .where('work_item_id', 'in', ehIds)
          .where('work_item_id', '!=', workItemId)
          .orderBy('created_at', 'desc')
          .limit(1)
          .executeTakeFirst();
  return {
    assessment,
    cinPlan,
    earlierEha: eha && eha.strengths.trim() !== '' ? { strengths: eha.strengths } : null,
  };
}
