/**
 * The golden trace's view of the database: the rows a journey step writes, with every generated
 * id replaced by a label so that two runs of the same code (and the two dialects) read the same.
 * Pure apart from `readSnapshot`; see docs/golden-trace.md.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';

/** The tables a journey step writes to, in the order the trace lists them. */
export const TRACED_TABLES = [
  'work_items',
  'work_item_children',
  'transitions',
  'deadlines',
  'notifications',
  'child_timeline',
  'involvements',
  'audit_events',
] as const;
export type TracedTable = (typeof TRACED_TABLES)[number];

// The label prefix for each table's own id. audit_events.id is dropped instead: nothing refers to
// it, and its seq comes from a sequence that PostgreSQL spends even on rolled-back inserts.
const ID_PREFIX: Partial<Record<TracedTable, string>> = {
  work_items: 'work-item',
  transitions: 'transition',
  deadlines: 'deadline',
  notifications: 'notification',
  child_timeline: 'timeline',
  involvements: 'involvement',
};
const DROPPED: Partial<Record<TracedTable, readonly string[]>> = { audit_events: ['id', 'seq'] };
/**
 * Columns a migration added after traces were recorded: left out while null, so a new column
 * alone is no change, and shown as soon as a step writes a value into one.
 */
const ADDED_LATER: Partial<Record<TracedTable, readonly string[]>> = {
  involvements: ['granted_for'],
  audit_events: ['changes_json'],
};

type Row = Record<string, unknown>;

/** The rows as read, plus the tables that give seeded and invented ids readable names. */
export interface RawSnapshot {
  tables: Record<TracedTable, Row[]>;
  users: { id: string; username: string }[];
  agencies: { id: string; name: string }[];
  people: Row[];
}

/** Each traced table's rows, normalised and serialised, sorted. */
export type Snapshot = Record<TracedTable, string[]>;

/** Read every row of the traced tables, and the id sources, from the database. */
export async function readSnapshot(db: Kysely<Database>): Promise<RawSnapshot> {
  const tables = {} as Record<TracedTable, Row[]>;
  for (const t of TRACED_TABLES) {
    // audit_events' seq keeps insertion order, which breaks ties between rows equal but for ids.
    tables[t] =
      t === 'audit_events'
        ? await db.selectFrom('audit_events').selectAll().orderBy('seq').execute()
        : await db.selectFrom(t).selectAll().execute();
  }
  return {
    tables,
    users: await db.selectFrom('users').select(['id', 'username']).execute(),
    agencies: await db.selectFrom('agencies').select(['id', 'name']).execute(),
    people: await db
      .selectFrom('people')
      .select(['id', 'kind', 'given_name', 'family_name', 'date_of_birth', 'created_at'])
      .orderBy('created_at')
      .execute(),
  };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Generated ids and their labels. An id first seen at step 7 becomes e.g. `transition@7.2`: the
 * step number keeps a row added or dropped in one step from renumbering every later step.
 */
export class IdLabels {
  private readonly labels = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  private readonly references = new Map<string, string>();
  /** Rows already normalised, by table and raw content. */
  readonly normalised = new Map<string, string>();

  has(id: string): boolean {
    return this.labels.has(id.toLowerCase());
  }

  /** The label of a known id, or undefined. */
  get(id: string): string | undefined {
    return this.labels.get(id.toLowerCase());
  }

  /** Name an id after a natural key (a username, an agency's name). */
  name(id: string, label: string): void {
    this.set(id, label);
  }

  private set(id: string, label: string): void {
    this.labels.set(id.toLowerCase(), label);
    this.references.set(referenceOf(id), label);
  }

  /** Label an id not seen before with the next ordinal for this prefix at this step. */
  assign(id: string, prefix: string, step: number): string {
    const known = this.get(id);
    if (known !== undefined) return known;
    const key = `${prefix}@${step}`;
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    const label = `${key}.${String(n)}`;
    this.set(id, label);
    return label;
  }

  /** Text with ids replaced through `id`, and contact references through their contact's label. */
  replace(s: string, id: (uuid: string) => string): string {
    return s
      .replace(UUID, id)
      .replace(REFERENCE, (ref) => `FD-(${this.references.get(ref) ?? '?'})`);
  }

  /** Text with known ids replaced by their labels and unknown ones by `?`. */
  text(s: string): string {
    return this.replace(s, (id) => this.get(id) ?? '?');
  }
}

// A contact's phone reference is made from its id (contactReference), so it varies as ids do.
const REFERENCE = /FD-[0-9A-F]{4}-[0-9A-F]{4}/g;
const referenceOf = (id: string) => {
  const hex = id.replaceAll('-', '').toUpperCase();
  return `FD-${hex.slice(0, 4)}-${hex.slice(4, 8)}`;
};

/** A value made comparable: ids through `id`, JSON text parsed with its keys sorted. */
function canon(value: unknown, labels: IdLabels, id: (uuid: string) => string): unknown {
  if (typeof value === 'string') {
    const t = value.trimStart();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        return canon(JSON.parse(value), labels, id);
      } catch {
        // Not JSON after all: fall through and treat it as text.
      }
    }
    return labels.replace(value, id);
  }
  if (Array.isArray(value)) return value.map((v) => canon(v, labels, id));
  if (value !== null && typeof value === 'object') {
    const out: Row = {};
    for (const k of Object.keys(value).sort()) out[k] = canon((value as Row)[k], labels, id);
    return out;
  }
  return value;
}

function rowText(
  table: TracedTable,
  row: Row,
  labels: IdLabels,
  id: (uuid: string, column: string) => string,
) {
  const dropped = DROPPED[table] ?? [];
  const addedLater = ADDED_LATER[table] ?? [];
  const out: Row = {};
  for (const k of Object.keys(row).sort()) {
    if (dropped.includes(k) || (addedLater.includes(k) && row[k] === null)) continue;
    out[k] = canon(row[k], labels, (u) => id(u, k));
  }
  return JSON.stringify(out);
}

const byText = (a: { text: string }, b: { text: string }) =>
  a.text < b.text ? -1 : a.text > b.text ? 1 : 0;

/**
 * Normalise one step's rows, labelling the ids first seen at `step`. New ids are numbered in the
 * order of their rows sorted with unlabelled ids masked, so the database's row order never counts.
 */
export function normalise(raw: RawSnapshot, labels: IdLabels, step: number): Snapshot {
  for (const u of raw.users) labels.name(u.id, `user:${u.username}`);
  for (const a of raw.agencies) labels.name(a.id, `agency:${a.name}`);
  const masked = (u: string) => labels.get(u) ?? '?';

  const people = raw.people
    .filter((p) => !labels.has(String(p.id)))
    .map((p) => ({ p, text: JSON.stringify(canon({ ...p, id: null }, labels, masked)) }))
    .sort(byText);
  for (const { p } of people) labels.assign(String(p.id), 'person', step);

  for (const t of TRACED_TABLES) {
    const prefix = ID_PREFIX[t];
    if (prefix === undefined) continue;
    const fresh = raw.tables[t]
      .filter((r) => !labels.has(String(r.id)))
      .map((r) => ({ r, text: rowText(t, { ...r, id: null }, labels, masked) }))
      .sort(byText);
    for (const { r } of fresh) labels.assign(String(r.id), prefix, step);
  }

  // Ids of rows the trace does not read (contacts, consents, episodes…) and request ids are
  // labelled where first met, walking the tables in order and each table's rows sorted as above;
  // then every row is written out again, now that a reference can find its contact's label.
  // A row read before, all of whose ids had labels, normalises as it did then: reuse that text.
  const sorted = TRACED_TABLES.map((t) => {
    const rows = raw.tables[t].map((r) => ({ r, raw: `${t}\u0000${JSON.stringify(r)}` }));
    const fresh = rows
      .filter((x) => !labels.normalised.has(x.raw))
      .map((x) => ({ ...x, text: rowText(t, x.r, labels, masked) }))
      .sort(byText);
    return { t, rows, fresh };
  });
  for (const { t, fresh } of sorted) {
    for (const { r } of fresh)
      rowText(t, r, labels, (u, column) =>
        labels.assign(u, column === 'request_id' ? 'request' : 'id', step),
      );
  }
  const snapshot = {} as Snapshot;
  for (const { t, rows, fresh } of sorted) {
    for (const x of fresh) {
      const text = rowText(t, x.r, labels, masked);
      // A reference whose contact has no label yet may find one later.
      if (!text.includes('FD-(?)')) labels.normalised.set(x.raw, text);
      x.text = text;
    }
    const texts = new Map(fresh.map((x) => [x.raw, x.text]));
    snapshot[t] = rows.map((x) => labels.normalised.get(x.raw) ?? texts.get(x.raw) ?? '').sort();
  }
  return snapshot;
}

/** An empty snapshot: what the first step is compared with. */
export function emptySnapshot(): Snapshot {
  return Object.fromEntries(TRACED_TABLES.map((t) => [t, []])) as unknown as Snapshot;
}

function without(from: string[], remove: string[]): string[] {
  const counts = new Map<string, number>();
  for (const r of remove) counts.set(r, (counts.get(r) ?? 0) + 1);
  return from.filter((r) => {
    const n = counts.get(r) ?? 0;
    if (n === 0) return true;
    counts.set(r, n - 1);
    return false;
  });
}

/**
 * What changed between two snapshots, one JSON line per row: `+` added, `-` removed, and `~` a
 * row that kept its id, with only the columns that changed.
 */
export function changes(before: Snapshot, after: Snapshot): string[] {
  const lines: string[] = [];
  for (const table of TRACED_TABLES) {
    const removed = without(before[table], after[table]).map((t) => JSON.parse(t) as Row);
    const added = without(after[table], before[table]).map((t) => JSON.parse(t) as Row);
    const keyed = ID_PREFIX[table] !== undefined;
    const addedById = new Map(keyed ? added.map((r) => [r.id, r]) : []);
    const changed: string[] = [];
    const gone: string[] = [];
    for (const old of removed) {
      const now = addedById.get(old.id);
      if (now === undefined) {
        gone.push(JSON.stringify({ table, '-': old }));
        continue;
      }
      addedById.delete(old.id);
      const from: Row = {};
      const to: Row = {};
      for (const k of Object.keys(now)) {
        if (JSON.stringify(old[k]) !== JSON.stringify(now[k])) {
          from[k] = old[k];
          to[k] = now[k];
        }
      }
      changed.push(JSON.stringify({ table, '~': old.id, from, to }));
    }
    const fresh = added
      .filter((r) => !keyed || addedById.has(r.id))
      .map((r) => JSON.stringify({ table, '+': r }));
    lines.push(...gone.sort(), ...changed.sort(), ...fresh.sort());
  }
  return lines;
}
