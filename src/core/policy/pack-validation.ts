/**
 * Checking a pack merged with its base: every id unique, every cross-reference (citations →
 * sources, indicators → domains and states, steps → contacts, states, guards, timescales,
 * workflows and panels) naming something the pack has. Pure: the resolver merges, this says what
 * is wrong, one detail per problem with its dotted path, in the order an author reads the file.
 * What the code itself asks of a pack (roles, states) is the pack contract (pack-contract.ts).
 */
import { BatonError, type ErrorDetail } from '../errors/error-catalogue.js';
import { carryProblems, GUARDS, type Timescale, type Workflow } from '../journey/index.js';
import type {
  Citation,
  Contact,
  Domain,
  Indicator,
  LevelNumber,
  LevelRule,
  PackDocument,
  StateRule,
} from './pack-schema.js';

/** What a pack ends up with once merged with its base: what its references are checked against. */
export interface PackScope {
  sources: PackDocument['sources'];
  domains: readonly Domain[];
  indicators: readonly Indicator[];
  contacts: readonly Contact[];
  levels: Partial<Record<LevelNumber, LevelRule>>;
  hasChild: boolean;
  states: readonly StateRule[];
  stateForLevel: Partial<Record<LevelNumber, string>>;
  timescales: ReadonlyMap<string, Timescale>;
  workflows: ReadonlyMap<string, Workflow>;
  /** The panels a step may name: the pack's own and its base's. */
  panelIds: ReadonlySet<string>;
}

const LEVELS = [1, 2, 3, 4] as const;

/** Every problem with the pack `doc` merged into `scope`, by dotted path in the file. */
export function checkPack(doc: PackDocument, scope: PackScope): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  checkUnique(
    scope.sources.map((s) => s.id),
    'sources',
    details,
  );
  checkUnique(
    scope.domains.map((d) => d.id),
    'domains',
    details,
  );
  checkUnique(
    scope.indicators.map((i) => i.id),
    'indicators',
    details,
  );
  checkUnique(
    scope.contacts.map((c) => c.id),
    'contacts',
    details,
  );
  for (const n of LEVELS)
    if (!(n in scope.levels))
      details.push({ path: 'levels', message: `level ${n} is not described` });
  if (!scope.hasChild)
    details.push({ path: 'child', message: 'no definition of a child (here or in the base pack)' });

  const sourceIds = new Set(scope.sources.map((s) => s.id));
  const contactIds = new Set(scope.contacts.map((c) => c.id));
  const domainById = new Map(scope.domains.map((d) => [d.id, d]));
  const stateIds = new Set(scope.states.map((s) => s.id));
  walkCitations(doc, [], (path, c) => {
    if (!sourceIds.has(c.source))
      details.push({ path, message: `cites unknown source "${c.source}"` });
  });
  walkContactRefs(doc, [], (path, id) => {
    if (!contactIds.has(id)) details.push({ path, message: `names unknown contact "${id}"` });
  });
  doc.indicators.forEach((ind, i) => {
    const domain = domainById.get(ind.domain);
    if (!domain)
      details.push({ path: `indicators.${i}.domain`, message: `unknown domain "${ind.domain}"` });
    else if (ind.subDomain !== undefined && !domain.subDomains.some((s) => s.id === ind.subDomain))
      details.push({
        path: `indicators.${i}.subDomain`,
        message: `unknown sub-domain "${ind.subDomain}" in domain "${ind.domain}"`,
      });
    if (ind.state !== undefined && !stateIds.has(ind.state))
      details.push({ path: `indicators.${i}.state`, message: `unknown state "${ind.state}"` });
  });
  checkStateForLevel(doc, stateIds, scope, details);

  checkUnique(
    doc.timescales.map((t) => t.id),
    'timescales',
    details,
  );
  checkUnique(
    doc.workflows.map((w) => w.id),
    'workflows',
    details,
  );
  checkUnique(
    doc.panels.map((p) => p.id),
    'panels',
    details,
  );
  doc.workflows.forEach((w, wi) => {
    checkWorkflow(w, `workflows.${wi}`, scope.timescales, details);
  });
  // Follow-on work is found by id in this pack, so a base workflow's `starts` may land on a
  // local replacement: check every workflow the pack ends up with.
  const pathOf = (w: Workflow): string => {
    const wi = doc.workflows.indexOf(w);
    return wi >= 0 ? `workflows.${String(wi)}` : `workflows (inherited ${w.id})`;
  };
  for (const w of scope.workflows.values()) checkStarts(w, pathOf(w), scope.workflows, details);

  // A step recorded as a panel's decision names a panel this pack has (its own or its base's).
  for (const w of scope.workflows.values()) {
    w.transitions.forEach((t, ti) => {
      if (t.panel !== undefined && !scope.panelIds.has(t.panel))
        details.push({
          path: `${pathOf(w)}.transitions.${ti}.panel`,
          message: `unknown panel "${t.panel}"; the pack's panels are ${[...scope.panelIds].join(', ') || 'none'}`,
        });
    });
  }

  // What a step's form carries from an earlier step names steps and fields the pack has.
  details.push(...carryProblems(scope.workflows, pathOf));
  return details;
}

/**
 * A refusal of the pack in `file` naming its first problem (and how many more), with every
 * problem in `details`: BATON_INVALID_PACK, or BATON_PACK_CONTRACT when the pack is well-formed
 * but lacks what the code asks for.
 */
export function invalidPack(
  file: string,
  details: ErrorDetail[],
  code: 'BATON_INVALID_PACK' | 'BATON_PACK_CONTRACT' = 'BATON_INVALID_PACK',
): BatonError {
  const first = details[0];
  const summary = first ? `${first.path}: ${first.message}` : 'invalid';
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
  return new BatonError(code, {
    message: `${file}: ${summary}${more}`,
    details,
    extra: { file },
  });
}

/** The pack's own level-to-state map names its states, once per level, and misses no level. */
function checkStateForLevel(
  doc: PackDocument,
  stateIds: ReadonlySet<string>,
  scope: PackScope,
  details: ErrorDetail[],
): void {
  const mapped = new Set<LevelNumber>();
  (doc.stateForLevel ?? []).forEach((m, i) => {
    if (!stateIds.has(m.state))
      details.push({ path: `stateForLevel.${i}.state`, message: `unknown state "${m.state}"` });
    if (mapped.has(m.level))
      details.push({
        path: `stateForLevel.${i}.level`,
        message: `level ${m.level} is mapped twice`,
      });
    mapped.add(m.level);
  });
  if (scope.states.length > 0) {
    for (const n of LEVELS) {
      if (scope.stateForLevel[n] === undefined)
        details.push({
          path: 'stateForLevel',
          message: `the pack names states but level ${n} has no state`,
        });
    }
  }
}

/** Check a workflow's internal references: states, guards, timescales, unique transition ids. */
function checkWorkflow(
  w: Workflow,
  path: string,
  timescales: ReadonlyMap<string, Timescale>,
  details: ErrorDetail[],
): void {
  const states = new Set(w.states.map((s) => s.id));
  checkUnique(
    w.states.map((s) => s.id),
    `${path}.states`,
    details,
  );
  checkUnique(
    w.transitions.map((t) => t.id),
    `${path}.transitions`,
    details,
  );
  if (!states.has(w.initial))
    details.push({ path: `${path}.initial`, message: `unknown state "${w.initial}"` });
  const checkTimescales = (ids: readonly string[], p: string) => {
    for (const id of ids)
      if (!timescales.has(id)) details.push({ path: p, message: `unknown timescale "${id}"` });
  };
  checkTimescales(w.opensDeadlines, `${path}.opensDeadlines`);
  w.transitions.forEach((t, ti) => {
    const tp = `${path}.transitions.${ti}`;
    for (const s of [...t.from, t.to])
      if (!states.has(s)) details.push({ path: tp, message: `unknown state "${s}"` });
    t.guards.forEach((g, gi) => {
      if (!(g.guard in GUARDS))
        details.push({ path: `${tp}.guards.${gi}.guard`, message: `unknown guard "${g.guard}"` });
    });
    checkTimescales(t.opensDeadlines, `${tp}.opensDeadlines`);
    checkTimescales(t.closesDeadlines, `${tp}.closesDeadlines`);
    if (t.starts) checkTimescales(t.starts.opensDeadlines, `${tp}.starts.opensDeadlines`);
    if (t.thenRequests !== undefined) {
      const next = w.transitions.find((x) => x.id === t.thenRequests);
      if (!next?.from.includes(t.to) || next.authorisedBy === undefined)
        details.push({
          path: `${tp}.thenRequests`,
          message: `"${t.thenRequests}" must be a step from "${t.to}" that waits for authorisation`,
        });
    }
  });
}

/** Check that each `starts` names a workflow, state and timescales this pack has. */
function checkStarts(
  w: Workflow,
  path: string,
  workflows: ReadonlyMap<string, Workflow>,
  details: ErrorDetail[],
): void {
  w.transitions.forEach((t, ti) => {
    if (!t.starts) return;
    const p = `${path}.transitions.${ti}.starts`;
    const next = workflows.get(t.starts.workflow);
    if (!next) {
      details.push({ path: p, message: `unknown workflow "${t.starts.workflow}"` });
      return;
    }
    const state = t.starts.state ?? next.initial;
    if (!next.states.some((s) => s.id === state))
      details.push({ path: p, message: `workflow "${next.id}" has no state "${state}"` });
  });
}

function checkUnique(ids: string[], what: string, details: ErrorDetail[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) details.push({ path: what, message: `id "${id}" is used more than once` });
    seen.add(id);
  }
}

function isCitation(v: unknown): v is Citation {
  return typeof v === 'object' && v !== null && 'source' in v && 'section' in v;
}

/**
 * Visit every `citation` object in a document, with its dotted path. The path is kept as a stack
 * of keys and joined only for a citation: packs are large, and a string per node was most of the
 * time spent resolving them at start-up.
 */
function walkCitations(
  value: unknown,
  path: string[],
  visit: (path: string, c: Citation) => void,
): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(String(i));
      walkCitations(value[i], path, visit);
      path.pop();
    }
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    path.push(k);
    if (k === 'citation' && isCitation(v)) visit(path.join('.'), v);
    else walkCitations(v, path, visit);
    path.pop();
  }
}

/** Visit every next-step `contact` reference in a document (not the `contacts` list itself). */
function walkContactRefs(
  value: unknown,
  path: string[],
  visit: (path: string, id: string) => void,
): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(String(i));
      walkContactRefs(value[i], path, visit);
      path.pop();
    }
    return;
  }
  const inContactList = path[0]?.startsWith('contacts') ?? false;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'contact' && typeof v === 'string' && !inContactList) {
      path.push(k);
      visit(path.join('.'), v);
      path.pop();
    } else if (k !== 'contacts') {
      path.push(k);
      walkContactRefs(v, path, visit);
      path.pop();
    }
  }
}
