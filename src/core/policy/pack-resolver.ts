/**
 * Parsing and resolving policy packs: pure functions over text and data (no file system).
 * A local pack extends a base pack (usually `national`); resolving merges the two and checks
 * every cross-reference (citations → sources, indicators → domains, steps → contacts).
 */
import { createRequire } from 'node:module';
import { BatonError, type ErrorDetail } from '../errors/error-catalogue.js';
import {
  carryProblems,
  GUARDS,
  type Panel,
  type Timescale,
  type Workflow,
} from '../journey/index.js';
import { checkPackContract } from './pack-contract.js';
import {
  packDocumentSchema,
  type Citation,
  type Contact,
  type Domain,
  type Indicator,
  type LevelNumber,
  type LevelRule,
  type NextStepRule,
  type PackDocument,
  type StateRule,
  type GlossaryTerm,
} from './pack-schema.js';

/** A pack merged with its base and checked: what the engine evaluates against. */
export interface ResolvedPack {
  id: string;
  authority: string;
  version: string;
  effectiveFrom: string;
  description: string | undefined;
  frontDoorName: string;
  /** The DfE LA number for statutory returns; null for the national pack. */
  dfeLaNumber: string | null;
  base: { id: string; version: string } | null;
  sources: PackDocument['sources'];
  child: NonNullable<PackDocument['child']>;
  levels: Record<LevelNumber, LevelRule>;
  states: StateRule[];
  stateForLevel: Partial<Record<LevelNumber, string>>;
  domains: Domain[];
  indicators: Indicator[];
  indicatorsById: ReadonlyMap<string, Indicator>;
  /** Position of each indicator in the catalogue, for a stable order of reasons. */
  indicatorOrder: ReadonlyMap<string, number>;
  accumulation: NonNullable<PackDocument['accumulation']> | null;
  contacts: Contact[];
  contactsById: ReadonlyMap<string, Contact>;
  immediateDanger: NextStepRule[];
  consent: {
    guidance: NonNullable<PackDocument['consent']>['guidance'];
    doNotSeekWhen: NonNullable<PackDocument['consent']>['doNotSeekWhen'];
  };
  openCases: { earlyHelp: NextStepRule[]; socialCare: NextStepRule[] };
  timescales: ReadonlyMap<string, Timescale>;
  closures: PackDocument['closures'];
  workflows: ReadonlyMap<string, Workflow>;
  panels: Panel[];
  /** The base pack's terms and the local ones, a local term replacing the base's of that name. */
  glossary: GlossaryTerm[];
}

// The YAML parser is loaded on first use: start-up reads packs from the compiled cache and
// never needs it (it costs a few hundred milliseconds to load and run).
let yamlModule: typeof import('yaml') | undefined;
function yaml(): typeof import('yaml') {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yamlModule;
}

/** Parse YAML text into a validated pack document, or throw BATON_INVALID_PACK naming file and path. */
export function parsePackText(text: string, file: string): PackDocument {
  const doc = yaml().parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new BatonError('BATON_INVALID_PACK', {
      message: `${file}: the YAML cannot be read: ${doc.errors[0]?.message ?? 'unknown error'}`,
      details: doc.errors.map((e) => ({ path: file, message: e.message })),
      extra: { file },
    });
  }
  return validatePackObject(doc.toJS() as unknown, file);
}

/** Validate an already-parsed object against the pack schema. */
export function validatePackObject(value: unknown, file: string): PackDocument {
  const result = packDocumentSchema.safeParse(value);
  if (!result.success) {
    const details: ErrorDetail[] = result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(top level)',
      message: issue.message,
    }));
    throw invalid(file, details);
  }
  return result.data;
}

function invalid(
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

/**
 * Merge a pack with its base (if any) and check every reference.
 * `bases` holds already-resolved packs by id. Throws BATON_INVALID_PACK with every problem found.
 */
export function resolvePack(
  doc: PackDocument,
  file: string,
  bases: ReadonlyMap<string, ResolvedPack> = new Map(),
): ResolvedPack {
  const details: ErrorDetail[] = [];
  let base: ResolvedPack | null = null;
  if (doc.extends !== undefined) {
    base = bases.get(doc.extends) ?? null;
    if (base === null)
      details.push({ path: 'extends', message: `base pack "${doc.extends}" is not loaded` });
  }

  const sources = [...(base?.sources ?? []), ...doc.sources];
  const domains = [...(base?.domains ?? []), ...doc.domains];
  const indicators = [...(base?.indicators ?? []), ...doc.indicators];
  const contacts = [
    ...doc.contacts,
    ...(base?.contacts ?? []).filter((c) => !doc.contacts.some((d) => d.id === c.id)),
  ];
  const levelList = doc.levels ?? (base ? Object.values(base.levels) : []);
  const child = doc.child ?? base?.child;

  checkUnique(
    sources.map((s) => s.id),
    'sources',
    details,
  );
  checkUnique(
    domains.map((d) => d.id),
    'domains',
    details,
  );
  checkUnique(
    indicators.map((i) => i.id),
    'indicators',
    details,
  );
  checkUnique(
    contacts.map((c) => c.id),
    'contacts',
    details,
  );

  const levels = {} as Record<LevelNumber, LevelRule>;
  for (const l of levelList) levels[l.level] = l;
  for (const n of [1, 2, 3, 4] as const) {
    if (!(n in levels)) details.push({ path: 'levels', message: `level ${n} is not described` });
  }
  if (!child)
    details.push({ path: 'child', message: 'no definition of a child (here or in the base pack)' });

  const sourceIds = new Set(sources.map((s) => s.id));
  const contactIds = new Set(contacts.map((c) => c.id));
  const domainById = new Map(domains.map((d) => [d.id, d]));
  const states = doc.states ?? base?.states ?? [];
  const stateIds = new Set(states.map((s) => s.id));

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

  const stateForLevel: Partial<Record<LevelNumber, string>> = {
    ...(doc.stateForLevel ? {} : base?.stateForLevel),
  };
  (doc.stateForLevel ?? []).forEach((m, i) => {
    if (!stateIds.has(m.state))
      details.push({ path: `stateForLevel.${i}.state`, message: `unknown state "${m.state}"` });
    if (stateForLevel[m.level] !== undefined)
      details.push({
        path: `stateForLevel.${i}.level`,
        message: `level ${m.level} is mapped twice`,
      });
    stateForLevel[m.level] = m.state;
  });
  if (states.length > 0) {
    for (const n of [1, 2, 3, 4] as const) {
      if (stateForLevel[n] === undefined)
        details.push({
          path: 'stateForLevel',
          message: `the pack names states but level ${n} has no state`,
        });
    }
  }

  // Timescales and workflows: a local one replaces the base's of the same id.
  const timescales = new Map<string, Timescale>([
    ...(base?.timescales ?? new Map<string, Timescale>()),
  ]);
  for (const t of doc.timescales) timescales.set(t.id, t);
  const workflows = new Map<string, Workflow>([
    ...(base?.workflows ?? new Map<string, Workflow>()),
  ]);
  for (const w of doc.workflows) workflows.set(w.id, w);
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
    checkWorkflow(w, `workflows.${wi}`, timescales, details);
  });
  // Follow-on work is found by id in this pack, so a base workflow's `starts` may land on a
  // local replacement: check every workflow the pack ends up with.
  for (const w of workflows.values()) {
    const wi = doc.workflows.indexOf(w);
    checkStarts(
      w,
      wi >= 0 ? `workflows.${wi}` : `workflows (inherited ${w.id})`,
      workflows,
      details,
    );
  }

  // A step recorded as a panel's decision names a panel this pack has (its own or its base's).
  const panelIds = new Set([...(base?.panels ?? []), ...doc.panels].map((p) => p.id));
  for (const w of workflows.values()) {
    const wi = doc.workflows.indexOf(w);
    w.transitions.forEach((t, ti) => {
      if (t.panel !== undefined && !panelIds.has(t.panel))
        details.push({
          path: `${wi >= 0 ? `workflows.${wi}` : `workflows (inherited ${w.id})`}.transitions.${ti}.panel`,
          message: `unknown panel "${t.panel}"; the pack's panels are ${[...panelIds].join(', ') || 'none'}`,
        });
    });
  }

  // What a step's form carries from an earlier step names steps and fields the pack has.
  details.push(
    ...carryProblems(workflows, (w) => {
      const wi = doc.workflows.indexOf(w);
      return wi >= 0 ? `workflows.${String(wi)}` : `workflows (inherited ${w.id})`;
    }),
  );

  if (details.length > 0 || !child) throw invalid(file, details);
  // Checked once the pack is otherwise sound, so its own error code says what is wrong: the pack
  // is well-formed but lacks (or doubles) a step the code asks for by role.
  const broken = checkPackContract(doc.workflows, (w) => `workflows.${doc.workflows.indexOf(w)}`);
  if (broken.length > 0) throw invalid(file, broken, 'BATON_PACK_CONTRACT');

  return {
    id: doc.id,
    authority: doc.authority,
    version: doc.version,
    effectiveFrom: doc.effectiveFrom,
    description: doc.description,
    frontDoorName: doc.frontDoorName ?? base?.frontDoorName ?? 'the front door',
    // Never inherited: the number belongs to one authority.
    dfeLaNumber: doc.dfeLaNumber ?? null,
    base: base ? { id: base.id, version: base.version } : null,
    sources,
    child,
    levels,
    states,
    stateForLevel,
    domains,
    indicators,
    indicatorsById: new Map(indicators.map((i) => [i.id, i])),
    indicatorOrder: new Map(indicators.map((i, n) => [i.id, n])),
    accumulation: doc.accumulation ?? base?.accumulation ?? null,
    contacts,
    contactsById: new Map(contacts.map((c) => [c.id, c])),
    glossary: [
      ...(base?.glossary ?? []).filter((g) => !doc.glossary.some((d) => d.term === g.term)),
      ...doc.glossary,
    ].sort((a, b) => a.term.localeCompare(b.term, 'en-GB', { sensitivity: 'base' })),
    immediateDanger: [...(base?.immediateDanger ?? []), ...doc.immediateDanger],
    consent: {
      guidance: [...(base?.consent.guidance ?? []), ...(doc.consent?.guidance ?? [])],
      doNotSeekWhen: [
        ...(base?.consent.doNotSeekWhen ?? []),
        ...(doc.consent?.doNotSeekWhen ?? []),
      ],
    },
    openCases: {
      earlyHelp: [...(base?.openCases.earlyHelp ?? []), ...(doc.openCases?.earlyHelp ?? [])],
      socialCare: [...(base?.openCases.socialCare ?? []), ...(doc.openCases?.socialCare ?? [])],
    },
    timescales,
    closures: [...(base?.closures ?? []), ...doc.closures],
    workflows,
    panels: [
      ...(base?.panels ?? []).filter((p) => !doc.panels.some((d) => d.id === p.id)),
      ...doc.panels,
    ],
  };
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

/**
 * Resolve a set of pack documents, bases first. Returns packs by id, or throws the first
 * BATON_INVALID_PACK (each document is named by its file).
 */
export function resolvePackSet(
  docs: readonly { doc: PackDocument; file: string }[],
): Map<string, ResolvedPack> {
  const resolved = new Map<string, ResolvedPack>();
  const byId = new Map<string, { doc: PackDocument; file: string }>();
  for (const entry of docs) {
    const clash = byId.get(entry.doc.id);
    if (clash) {
      throw invalid(entry.file, [
        { path: 'id', message: `pack id "${entry.doc.id}" is also used by ${clash.file}` },
      ]);
    }
    byId.set(entry.doc.id, entry);
  }
  const visiting = new Set<string>();
  const visit = (id: string): void => {
    if (resolved.has(id)) return;
    const entry = byId.get(id);
    if (!entry) return;
    if (visiting.has(id))
      throw invalid(entry.file, [
        { path: 'extends', message: 'packs extend each other in a loop' },
      ]);
    visiting.add(id);
    if (entry.doc.extends !== undefined) visit(entry.doc.extends);
    resolved.set(id, resolvePack(entry.doc, entry.file, resolved));
    visiting.delete(id);
  };
  for (const { doc } of docs) visit(doc.id);
  return resolved;
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
