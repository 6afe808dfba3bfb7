import { describe, expect, it } from 'vitest';
import { carriedValues, carryProblems, type CarryHistory } from './step-carries.js';
import { workflowSchema, type Workflow, type WorkflowInput } from './workflow-schema.js';

const cite = { source: 'doc', section: '1' };

type StepInput = NonNullable<WorkflowInput['transitions']>[number];
const step = (over: Partial<StepInput> & { id: string }): StepInput => ({
  name: over.id,
  from: ['active'],
  to: 'active',
  requestedBy: ['social-worker'],
  citation: cite,
  ...over,
});

const cin: Workflow = workflowSchema.parse({
  id: 'cin-plan',
  name: 'CIN plan',
  initial: 'active',
  states: [
    { id: 'active', name: 'Active' },
    { id: 'closed', name: 'Closed', final: true },
  ],
  transitions: [
    step({ id: 'tac', requires: [{ field: 'minutes', label: 'Minutes', citation: cite }] }),
    step({
      id: 'transfer',
      to: 'closed',
      requires: [
        { field: 'stepDownMeetingMinutes', label: 'Minutes', citation: cite },
        { field: 'closureSummary', label: 'Summary', citation: cite },
      ],
      carries: [{ field: 'stepDownMeetingMinutes', from: { step: 'tac', field: 'minutes' } }],
    }),
  ],
  citation: cite,
});

const episode: Workflow = workflowSchema.parse({
  id: 'early-help-episode',
  name: 'Episode',
  initial: 'active',
  states: [
    { id: 'active', name: 'Active' },
    { id: 'closed', name: 'Closed', final: true },
  ],
  transitions: [
    step({ id: 'concerns', role: 'new-concerns', requires: [] }),
    step({
      id: 'step-up',
      requires: [{ field: 'rationale', label: 'Why', citation: cite }],
      carries: [{ field: 'rationale', from: { recorded: 'new-concerns' } }],
    }),
    step({
      id: 'close',
      to: 'closed',
      requires: [{ field: 'ifConcernsRise', label: 'If', citation: cite }],
      carries: [
        {
          field: 'rationale',
          from: { workflow: 'cin-plan', step: 'transfer', field: 'closureSummary' },
        },
        {
          field: 'ifConcernsRise',
          from: { workflow: 'cin-plan', step: 'transfer', field: 'ifConcernsRise' },
        },
        { field: 'note', from: { role: 'new-concerns', field: 'newConcerns' } },
      ],
    }),
  ],
  citation: cite,
});

const workflows = new Map([
  [cin.id, cin],
  [episode.id, episode],
]);
const t = (w: Workflow, id: string) => {
  const found = w.transitions.find((x) => x.id === id);
  if (!found) throw new Error(id);
  return found;
};

describe('carriedValues: what a step form starts with', () => {
  it("fills the transfer's minutes from the step-down TAC meeting's minutes (the latest)", () => {
    const history: CarryHistory = {
      steps: [
        { workflowId: 'cin-plan', transitionId: 'tac', payload: { minutes: 'First meeting.' } },
        {
          workflowId: 'cin-plan',
          transitionId: 'tac',
          payload: { minutes: ' Step-down agreed. ' },
        },
        { workflowId: 'cin-plan', transitionId: 'tac', payload: { minutes: '   ' } },
      ],
      newConcerns: [],
    };
    expect(carriedValues(t(cin, 'transfer'), 'cin-plan', workflows, history)).toEqual({
      stepDownMeetingMinutes: 'Step-down agreed.',
    });
  });

  it('fills the step up reasons from the latest new concerns recorded', () => {
    const history = { steps: [], newConcerns: ['Old worry.', 'Bruises on both arms.'] };
    expect(carriedValues(t(episode, 'step-up'), 'early-help-episode', workflows, history)).toEqual({
      rationale: 'Bruises on both arms.',
    });
  });

  it('fills a closure from the transfer request of the work it came from, by step or role', () => {
    const history: CarryHistory = {
      steps: [
        {
          workflowId: 'cin-plan',
          transitionId: 'transfer',
          payload: { closureSummary: 'Needs reduced.', ifConcernsRise: 'Call the MASSH.' },
        },
        // Same step id in another workflow: not the source.
        {
          workflowId: 'early-help-episode',
          transitionId: 'transfer',
          payload: { closureSummary: 'x' },
        },
        {
          workflowId: 'early-help-episode',
          transitionId: 'concerns',
          payload: { newConcerns: 'Y' },
        },
      ],
      newConcerns: [],
    };
    expect(carriedValues(t(episode, 'close'), 'early-help-episode', workflows, history)).toEqual({
      rationale: 'Needs reduced.',
      ifConcernsRise: 'Call the MASSH.',
      note: 'Y',
    });
  });

  it('carries nothing when nothing was held (the field is typed as before)', () => {
    expect(
      carriedValues(t(cin, 'transfer'), 'cin-plan', workflows, { steps: [], newConcerns: [] }),
    ).toEqual({});
    expect(
      carriedValues(t(cin, 'tac'), 'cin-plan', workflows, { steps: [], newConcerns: ['x'] }),
    ).toEqual({});
  });
});

describe('carryProblems: a carry names steps and fields the pack has', () => {
  const path = (w: Workflow) => `workflows.${w.id}`;
  const broken = (carries: StepInput['carries']): Map<string, Workflow> => {
    const w = workflowSchema.parse({
      ...cin,
      transitions: [
        ...cin.transitions.filter((x) => x.id !== 'transfer'),
        { ...t(cin, 'transfer'), carries },
      ],
    });
    return new Map([...workflows, [w.id, w]]);
  };

  it('accepts the carries above', () => {
    expect(carryProblems(workflows, path)).toEqual([]);
  });

  it('refuses an unknown step, naming its path and id', () => {
    expect(
      carryProblems(
        broken([
          { field: 'stepDownMeetingMinutes', from: { step: 'tac-meeting', field: 'minutes' } },
        ]),
        path,
      ),
    ).toEqual([
      {
        path: 'workflows.cin-plan.transitions.1.carries.0.from.step',
        message: 'workflow "cin-plan" has no step "tac-meeting"',
      },
    ]);
  });

  it('refuses a field the source step does not carry, or the step does not take', () => {
    const problems = carryProblems(
      broken([
        { field: 'stepDownMeetingMinutes', from: { step: 'tac', field: 'minuets' } },
        { field: 'minutesTyped', from: { step: 'tac', field: 'minutes' } },
      ]),
      path,
    );
    expect(problems.map((p) => p.path)).toEqual([
      'workflows.cin-plan.transitions.1.carries.0.from.field',
      'workflows.cin-plan.transitions.1.carries.1.field',
    ]);
    expect(problems[0]?.message).toBe('step "tac" in workflow "cin-plan" does not carry "minuets"');
    expect(problems[1]?.message).toMatch(/^step "transfer" does not take "minutesTyped"/);
  });

  it('refuses an unknown workflow or role', () => {
    const problems = carryProblems(
      broken([
        { field: 'closureSummary', from: { workflow: 'cp-plan', step: 'tac', field: 'minutes' } },
        { field: 'closureSummary', from: { role: 'no-such-role', field: 'minutes' } },
      ]),
      path,
    );
    expect(problems.map((p) => p.message)).toEqual([
      'unknown workflow "cp-plan"',
      'workflow "cin-plan" has no role "no-such-role"',
    ]);
  });
});
