import { describe, expect, it } from 'vitest';
import { BatonError } from '../errors/error-catalogue.js';
import { workflowSchema, type Workflow, type WorkflowInput } from '../journey/index.js';
import { fixturePackDocuments } from '../testing/fixture-packs.js';
import {
  checkPackContract,
  STEP_ROLES,
  hasRole,
  roleOf,
  stepIdFor,
  transitionFor,
  type StepRole,
} from './pack-contract.js';
import { resolvePackSet } from './pack-resolver.js';
import { packDocumentSchema, type PackDocumentInput } from './pack-schema.js';

const cite = { source: 'doc', section: '1' };
const PLANS = ['single-agency-plan', 'taf-plan'];

type Step = [id: string, from: string[], to: string, role?: string];

/** An early help episode with every role the contract asks for, each from its own step. */
const FULL: Step[] = [
  ['open', ['proposed'], 'assessment', 'open-episode'],
  ['plan-2', ['assessment'], 'single-agency-plan', 'complete-assessment'],
  ['plan-3', ['assessment'], 'taf-plan', 'complete-assessment'],
  ['review-sa', ['single-agency-plan'], 'single-agency-plan', 'review-continue'],
  ['review-taf', ['taf-plan'], 'taf-plan', 'review-continue'],
  ['end-met', PLANS, 'closed', 'close-needs-met'],
  ['end-single', PLANS, 'closed', 'close-single-agency'],
  ['end-universal', PLANS, 'closed', 'close-universal'],
  ['end-declined', ['proposed', 'assessment', ...PLANS], 'closed', 'close-consent-declined'],
  ['up', ['single-agency-plan'], 'taf-plan', 'step-up-in-early-help'],
  ['down', ['taf-plan'], 'single-agency-plan', 'step-down-in-early-help'],
  ['reassess', PLANS, 'assessment', 'reassess'],
];

function episode(steps: Step[], over: Partial<WorkflowInput> = {}): Workflow {
  return workflowSchema.parse({
    id: 'early-help-episode',
    name: 'Early help episode',
    initial: 'proposed',
    states: [
      { id: 'proposed', name: 'Proposed' },
      { id: 'assessment', name: 'Assessment' },
      { id: 'single-agency-plan', name: 'Single-agency plan', level: 2 },
      { id: 'taf-plan', name: 'TAF plan', level: 3 },
      { id: 'closed', name: 'Closed', final: true },
    ],
    transitions: steps.map(([id, from, to, role]) => ({
      id,
      name: id,
      from,
      to,
      ...(role === undefined ? {} : { role }),
      requestedBy: ['lead-professional'],
      citation: cite,
    })),
    citation: cite,
    ...over,
  });
}

const problems = (...workflows: Workflow[]) =>
  checkPackContract(workflows, (w) => `workflows.${workflows.indexOf(w)}`).map(
    (d) => `${d.path}: ${d.message}`,
  );

describe('the pack contract', () => {
  it('accepts an episode with every role, whatever its steps are called', () => {
    expect(problems(episode(FULL))).toEqual([]);
  });

  const required = (Object.keys(STEP_ROLES) as StepRole[]).filter(
    (r) => STEP_ROLES[r].required && STEP_ROLES[r].workflow === 'early-help-episode',
  );
  it.each(required)('refuses an episode with no step of role %s, naming it', (role) => {
    const without = FULL.map(([id, from, to, r]): Step => [
      id,
      from,
      to,
      r === role ? undefined : r,
    ]);
    expect(problems(episode(without))).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^workflows\\.0\\.transitions: missing role "${role}": no step of "early-help-episode" has \`role: ${role}\``,
        ),
      ),
    );
  });

  it('lets an episode leave out new concerns (the page then says to bring the review forward)', () => {
    expect(STEP_ROLES['new-concerns'].required).toBe(false);
    expect(problems(episode(FULL))).toEqual([]);
  });

  it('refuses a role named twice from one state, naming both steps', () => {
    const twice = episode([...FULL, ['review-taf-2', ['taf-plan'], 'taf-plan', 'review-continue']]);
    expect(problems(twice)).toEqual([
      'workflows.0.transitions.12.role: role "review-continue" is named twice from state "taf-plan" (steps "review-taf" and "review-taf-2"); only one is allowed',
    ]);
  });

  it('allows two assessment outcomes to different plan levels but not to the same one', () => {
    const same = episode([...FULL, ['plan-3b', ['assessment'], 'taf-plan', 'complete-assessment']]);
    expect(problems(same)).toEqual([
      expect.stringContaining(
        'role "complete-assessment" is named twice from state "assessment" (steps "plan-3" and "plan-3b", same plan level)',
      ),
    ]);
  });

  it('refuses an opening step that does not leave the initial state', () => {
    const steps = FULL.map((s): Step =>
      s[0] === 'open' ? ['open', ['assessment'], 'taf-plan', 'open-episode'] : s,
    );
    expect(problems(episode(steps))).toContain(
      'workflows.0.transitions: missing role "open-episode" from state "proposed": no step with it leaves that state (the step that opens the episode, with consent and a named lead professional)',
    );
  });

  it('refuses an unknown role and a role on another workflow', () => {
    const typo = FULL.map(([id, from, to, role]): Step => [
      id,
      from,
      to,
      role === 'reassess' ? 'reasses' : role,
    ]);
    expect(problems(episode(typo))[0]).toMatch(
      /^workflows\.0\.transitions\.11\.role: unknown role "reasses" on step "reassess"; roles are open-episode, /,
    );
    const contact = episode([['open', ['proposed'], 'assessment', 'open-episode']], {
      id: 'contact',
    });
    expect(problems(contact)).toEqual([
      'workflows.0.transitions.0.role: role "open-episode" belongs to the "early-help-episode" workflow, not "contact"',
    ]);
  });

  it('refuses an episode without the states the code names', () => {
    const w = episode(FULL);
    const noAssessment = { ...w, states: w.states.filter((s) => s.id !== 'assessment') };
    expect(problems(noAssessment)).toContain(
      'workflows.0.states: missing state "assessment": Baton relies on it (docs/policy-packs.md)',
    );
    expect(problems({ ...w, initial: 'assessment' })).toContainEqual(
      expect.stringMatching(/^workflows\.0\.initial: the initial state must be "proposed"/),
    );
  });
});

/** Section 47 enquiries: the strategy discussion, then an ICPC that makes a plan or does not. */
function s47(roles: { strategy?: string; icpc?: string } = {}): Workflow {
  const step = (id: string, from: string, to: string, role?: string) => ({
    id,
    name: id,
    from: [from],
    to,
    ...(role === undefined ? {} : { role }),
    requestedBy: ['social-worker'],
    citation: cite,
  });
  return workflowSchema.parse({
    id: 's47',
    name: 'Section 47 enquiries',
    initial: 'due',
    states: [
      { id: 'due', name: 'Strategy discussion due' },
      { id: 'enquiries', name: 'Enquiries' },
      { id: 'plan', name: 'Plan', final: true },
      { id: 'no-plan', name: 'No plan', final: true },
    ],
    transitions: [
      step('strategy', 'due', 'enquiries', roles.strategy ?? 'strategy-discussion'),
      step('conference-plan', 'enquiries', 'plan', roles.icpc ?? 'icpc'),
      step('conference-no-plan', 'enquiries', 'no-plan', roles.icpc ?? 'icpc'),
    ],
    citation: cite,
  });
}

describe('the social care roles', () => {
  it('accepts s47 enquiries whose two conference outcomes both carry the icpc role', () => {
    expect(problems(s47())).toEqual([]);
    expect(STEP_ROLES.icpc.onePer).toBe('any');
  });

  it('refuses s47 enquiries without the strategy discussion or the ICPC, naming the role', () => {
    expect(problems(s47({ icpc: 'reassess' }))).toContainEqual(
      'workflows.0.transitions: missing role "icpc": no step of "s47" has `role: icpc` (the step that records the initial child protection conference, whatever it decided (its date is the census ICPC date))',
    );
    expect(problems(s47({ strategy: 'icpc' }))).toContainEqual(
      expect.stringMatching(/^workflows\.0\.transitions: missing role "strategy-discussion"/),
    );
  });

  it('reads a step taken back by its role, never by its id', () => {
    const w = s47();
    expect(hasRole(w, 'conference-no-plan', 'icpc')).toBe(true);
    expect(hasRole(w, 'strategy', 'icpc')).toBe(false);
    expect(hasRole(undefined, 'conference-plan', 'icpc')).toBe(false);
  });
});

/** An assessment whose closing steps carry the census roles (or not, as asked). */
function assessment(roles: { nfa?: string; eh?: string; cin?: string } = {}): Workflow {
  const step = (id: string, to: string, role: string | undefined, starts?: string) => ({
    id,
    name: id,
    from: ['in-progress'],
    to,
    ...(role === undefined || role === '' ? {} : { role }),
    ...(starts === undefined ? {} : { starts: { workflow: starts } }),
    requestedBy: ['social-worker'],
    citation: cite,
  });
  return workflowSchema.parse({
    id: 'cf-assessment',
    name: 'Child and Family Assessment',
    initial: 'in-progress',
    states: [
      { id: 'in-progress', name: 'Under way' },
      { id: 'cin', name: 'Child in need plan', final: true },
      { id: 'nfa', name: 'No further action', final: true },
      { id: 'early-help', name: 'Early help', final: true },
    ],
    transitions: [
      step('to-cin', 'cin', roles.cin, 'cin-plan'),
      step('closed-nfa', 'nfa', roles.nfa ?? 'assessment-no-further-action'),
      step('to-eh', 'early-help', roles.eh ?? 'assessment-to-early-help', 'early-help-episode'),
    ],
    citation: cite,
  });
}

describe('the census roles on an assessment', () => {
  it('accepts an assessment whose closing steps say what they mean for the census', () => {
    expect(problems(assessment())).toEqual([]);
  });

  it('lets an assessment have no step of either role (the census then gives RC7)', () => {
    expect(STEP_ROLES['assessment-no-further-action'].required).toBe(false);
    expect(STEP_ROLES['assessment-to-early-help'].required).toBe(false);
    const w = assessment({ nfa: '' });
    expect(problems({ ...w, transitions: w.transitions.filter((t) => t.id !== 'to-eh') })).toEqual(
      [],
    );
  });

  it('refuses a step into early help without the role, naming the step', () => {
    expect(problems(assessment({ eh: '' }))).toEqual([
      'workflows.0.transitions.2: step "to-eh" leads to a final state and starts the "early-help-episode" workflow but has no `role: assessment-to-early-help` (the step that closes the assessment into early help (the census gives an episode that was only this assessment reason RC9))',
    ]);
  });

  it('refuses a census role on a step that does not end the work as the role says', () => {
    expect(problems(assessment({ cin: 'assessment-no-further-action' }))).toEqual([
      'workflows.0.transitions.0.role: role "assessment-no-further-action" is on step "to-cin", which must lead to a final state and start no further work (the step that closes the assessment with no further action (the census gives an episode that was only this assessment reason RC8))',
    ]);
    expect(problems(assessment({ nfa: 'assessment-to-early-help' }))).toContainEqual(
      expect.stringMatching(
        /^workflows\.0\.transitions\.1\.role: role "assessment-to-early-help" is on step "closed-nfa", which must lead to a final state and start the "early-help-episode" workflow/,
      ),
    );
  });

  it('reads the role of a step taken back by its id', () => {
    const w = assessment();
    expect(roleOf(w, 'to-eh')).toBe('assessment-to-early-help');
    expect(roleOf(w, 'to-cin')).toBeUndefined();
    expect(roleOf(w, 'no-such-step')).toBeUndefined();
    expect(roleOf(undefined, 'to-eh')).toBeUndefined();
  });
});

describe('finding steps by role', () => {
  const w = episode(FULL);

  it('finds the step with a role that leaves the current state', () => {
    expect(transitionFor(w, 'taf-plan', 'review-continue')?.id).toBe('review-taf');
    expect(transitionFor(w, 'single-agency-plan', 'review-continue')?.id).toBe('review-sa');
    expect(transitionFor(w, 'assessment', 'review-continue')).toBeUndefined();
    expect(transitionFor(w, 'taf-plan', 'new-concerns')).toBeUndefined();
  });

  it('gives the engine a step to refuse when none leaves the current state', () => {
    expect(stepIdFor(w, 'taf-plan', 'step-up-in-early-help')).toBe('up');
    expect(stepIdFor(w, 'taf-plan', 'new-concerns')).toBe('new-concerns');
  });
});

describe('checking the contract at pack load', () => {
  const [baseDoc, localDoc] = fixturePackDocuments() as [PackDocumentInput, PackDocumentInput];
  const resolve = (workflows: WorkflowInput[]) =>
    resolvePackSet([
      { doc: packDocumentSchema.parse(baseDoc), file: 'base.yaml' },
      { doc: packDocumentSchema.parse({ ...localDoc, workflows }), file: 'local.yaml' },
    ]);

  it('refuses a pack missing a role with BATON_PACK_CONTRACT, the file, the path and the role', () => {
    const w = episode(FULL.filter(([id]) => id !== 'reassess'));
    let error: unknown;
    try {
      resolve([w]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BatonError);
    const e = error as BatonError;
    expect(e.code).toBe('BATON_PACK_CONTRACT');
    expect(e.status).toBe(422);
    expect(e.extra['file']).toBe('local.yaml');
    expect(e.message).toMatch(/^local\.yaml: workflows\.0\.transitions: missing role "reassess"/);
  });

  it('loads a pack whose episode carries every role', () => {
    expect(
      resolve([episode(FULL)])
        .get('local')
        ?.workflows.get('early-help-episode'),
    ).toBeDefined();
  });
});
