/**
 * A pack's workflows as plain data for people: each step with who asks and who authorises, the
 * rules that must hold, what it must carry and the deadlines it opens and meets, each with its
 * citation. One shape for GET /api/policy-packs/{id}, `baton policy show --workflows` and the
 * pack page, so the three never disagree.
 */
import type { DeadlineRuleData, Transition, Workflow } from '../../core/journey/index.js';
import type { Citation, ResolvedPack } from '../../core/policy/index.js';

export interface DeadlineLine {
  id: string;
  name: string;
  /** "30 working days", "24 hours". */
  within: string;
  citation: Citation | null;
}

const UNIT_WORDS: Record<DeadlineRuleData['unit'], [string, string]> = {
  'working-days': ['working day', 'working days'],
  'calendar-days': ['day', 'days'],
  weeks: ['week', 'weeks'],
  months: ['month', 'months'],
  hours: ['hour', 'hours'],
};

/** "1 working day", "6 weeks". */
export function deadlineText(rule: DeadlineRuleData): string {
  const [one, many] = UNIT_WORDS[rule.unit];
  const text = `${String(rule.amount)} ${rule.amount === 1 ? one : many}`;
  // A calendar count whose due date moves off a weekend or bank holiday says so.
  return rule.dueOnClosedDay === 'next-working-day'
    ? `${text} (a weekend or bank holiday moves it to the next working day)`
    : text;
}

function deadline(pack: ResolvedPack, id: string): DeadlineLine {
  const t = pack.timescales.get(id);
  // The resolver refuses unknown timescale ids, so the fallback only guards the type.
  return t
    ? { id, name: t.name, within: deadlineText(t.rule), citation: t.citation }
    : { id, name: id, within: '', citation: null };
}

function stepView(pack: ResolvedPack, w: Workflow, t: Transition) {
  const stateName = (id: string) => w.states.find((s) => s.id === id)?.name ?? id;
  const next = t.starts ? pack.workflows.get(t.starts.workflow) : undefined;
  return {
    id: t.id,
    name: t.name,
    role: t.role ?? null,
    from: t.from.map((id) => ({ id, name: stateName(id) })),
    to: { id: t.to, name: stateName(t.to) },
    outcome: t.outcome ?? null,
    requestedBy: t.requestedBy,
    authorisedBy: t.authorisedBy ?? [],
    authorisedIn: t.authorisedIn ?? null,
    guards: t.guards.map((g) => ({ guard: g.guard, text: g.text, citation: g.citation })),
    requires: t.requires.map((r) => ({ field: r.field, label: r.label, citation: r.citation })),
    opensDeadlines: t.opensDeadlines.map((id) => deadline(pack, id)),
    closesDeadlines: t.closesDeadlines.map((id) => deadline(pack, id)),
    notify: t.notify,
    handsTo: t.handsTo ?? null,
    starts: t.starts
      ? {
          workflow: t.starts.workflow,
          name: next?.name ?? t.starts.workflow,
          state: t.starts.state ?? next?.initial ?? null,
        }
      : null,
    citation: t.citation,
  };
}

export type StepView = ReturnType<typeof stepView>;

/** Every workflow the pack ends up with (its own and its base's), in the pack's order. */
export function packWorkflows(pack: ResolvedPack) {
  return [...pack.workflows.values()].map((w) => ({
    id: w.id,
    name: w.name,
    initial: w.initial,
    states: w.states.map((s) => ({
      id: s.id,
      name: s.name,
      final: s.final,
      level: s.level ?? null,
    })),
    startedBy: w.startedBy,
    opensDeadlines: w.opensDeadlines.map((id) => deadline(pack, id)),
    steps: w.transitions.map((t) => stepView(pack, w, t)),
    citation: w.citation,
  }));
}

export type WorkflowView = ReturnType<typeof packWorkflows>[number];
