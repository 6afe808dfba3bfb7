/**
 * Parsing and resolving policy packs: pure functions over text and data (no file system).
 * A local pack extends a base pack (usually `national`); resolving merges the two, checks every
 * cross-reference (pack-validation.ts), then what the code relies on (pack-contract.ts).
 */
import { createRequire } from 'node:module';
import { BatonError, type ErrorDetail } from '../errors/error-catalogue.js';
import type { Panel, Timescale, Workflow } from '../journey/index.js';
import { checkPackContract } from './pack-contract.js';
import { checkPack, invalidPack } from './pack-validation.js';
import {
  packDocumentSchema,
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
    throw invalidPack(file, details);
  }
  return result.data;
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

  const levels = {} as Record<LevelNumber, LevelRule>;
  for (const l of levelList) levels[l.level] = l;
  const states = doc.states ?? base?.states ?? [];
  const stateForLevel: Partial<Record<LevelNumber, string>> = {
    ...(doc.stateForLevel ? {} : base?.stateForLevel),
  };
  for (const m of doc.stateForLevel ?? []) stateForLevel[m.level] = m.state;

  // Timescales and workflows: a local one replaces the base's of the same id.
  const timescales = new Map<string, Timescale>([
    ...(base?.timescales ?? new Map<string, Timescale>()),
  ]);
  for (const t of doc.timescales) timescales.set(t.id, t);
  const workflows = new Map<string, Workflow>([
    ...(base?.workflows ?? new Map<string, Workflow>()),
  ]);
  for (const w of doc.workflows) workflows.set(w.id, w);

  details.push(
    ...checkPack(doc, {
      sources,
      domains,
      indicators,
      contacts,
      levels,
      hasChild: child !== undefined,
      states,
      stateForLevel,
      timescales,
      workflows,
      panelIds: new Set([...(base?.panels ?? []), ...doc.panels].map((p) => p.id)),
    }),
  );
  if (details.length > 0 || !child) throw invalidPack(file, details);
  // Checked once the pack is otherwise sound, so its own error code says what is wrong: the pack
  // is well-formed but lacks (or doubles) a step the code asks for by role.
  const broken = checkPackContract(doc.workflows, (w) => `workflows.${doc.workflows.indexOf(w)}`);
  if (broken.length > 0) throw invalidPack(file, broken, 'BATON_PACK_CONTRACT');

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
      throw invalidPack(entry.file, [
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
      throw invalidPack(entry.file, [
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
