import { describe, expect, it } from 'vitest';
import { contactReference } from '../repositories/contact-repository.js';
import {
  changes,
  emptySnapshot,
  IdLabels,
  normalise,
  TRACED_TABLES,
  type RawSnapshot,
  type TracedTable,
} from './golden-snapshot.js';
import { describeDifference, parseTrace, tracePath } from './golden-trace.js';

const MANAGER = '11111111-1111-4111-8111-111111111111';
const AGENCY = '22222222-2222-4222-8222-222222222222';
const CHILD = '33333333-3333-4333-8333-333333333333';
const NOW = '2026-03-02T09:30:00.000Z';

function raw(tables: Partial<Record<TracedTable, Record<string, unknown>[]>>): RawSnapshot {
  const all = Object.fromEntries(TRACED_TABLES.map((t) => [t, tables[t] ?? []]));
  return {
    tables: all as RawSnapshot['tables'],
    users: [{ id: MANAGER, username: 'team-manager' }],
    agencies: [{ id: AGENCY, name: 'Demo CSC' }],
    people: [
      {
        id: CHILD,
        kind: 'child',
        given_name: 'Kit',
        family_name: 'Example',
        date_of_birth: '2017-06-20',
        created_at: NOW,
      },
    ],
  };
}

const workItem = (id: string, contactId: string, state: string) => ({
  id,
  state,
  subject_id: contactId,
  owner_agency_id: AGENCY,
  data: JSON.stringify({ reference: contactReference(contactId), a: 1 }),
  version: 1,
});
const audit = (seq: number, objectId: string, requestId: string) => ({
  seq,
  id: `aaaaaaa${String(seq)}-0000-4000-8000-000000000000`,
  at: NOW,
  request_id: requestId,
  actor_user_id: MANAGER,
  action: 'work.read',
  object_id: objectId,
});

describe('golden snapshot normalisation', () => {
  const w1 = 'ab12cd34-5555-4000-8000-000000000001';
  const w2 = 'ef56ab78-5555-4000-8000-000000000002';
  const c1 = '0c0c0c0c-5555-4000-8000-000000000003';
  const c2 = 'fefefefe-5555-4000-8000-000000000004';
  const rows = {
    work_items: [workItem(w1, c1, 'open'), workItem(w2, c2, 'closed')],
    audit_events: [
      audit(7, w1, '99999999-0000-4000-8000-00000000000a'),
      audit(8, w2, '99999999-0000-4000-8000-00000000000b'),
    ],
  };

  it('labels ids by the step that first wrote them, whatever order the database returns rows in', () => {
    const a = normalise(raw(rows), new IdLabels(), 3);
    const reversed = {
      work_items: [...rows.work_items].reverse(),
      audit_events: [...rows.audit_events].reverse(),
    };
    const b = normalise(raw(reversed), new IdLabels(), 3);
    expect(b).toEqual(a);
    const items = a.work_items.map((r) => JSON.parse(r) as Record<string, unknown>);
    expect(items.map((r) => [r.id, r.state, r.owner_agency_id])).toEqual([
      ['work-item@3.1', 'closed', 'agency:Demo CSC'],
      ['work-item@3.2', 'open', 'agency:Demo CSC'],
    ]);
    // JSON columns are parsed with their keys sorted; a contact's reference follows its label.
    expect(items[0]?.data).toEqual({ a: 1, reference: `FD-(${String(items[0]?.subject_id)})` });
    // The audit row's id and seq vary from run to run and are dropped.
    expect(a.audit_events[0]).not.toContain('seq');
    expect(a.audit_events[0]).not.toContain('aaaaaaa');
    expect(a.audit_events.join()).toContain('"request_id":"request@3.');
  });

  it('keeps a label once given, so a later step shows an update as a change of that row', () => {
    const labels = new IdLabels();
    const before = normalise(raw(rows), labels, 1);
    const updated = {
      ...rows,
      work_items: [workItem(w1, c1, 'closed'), workItem(w2, c2, 'closed')],
      audit_events: [...rows.audit_events, audit(9, w1, '99999999-0000-4000-8000-00000000000c')],
    };
    const after = normalise(raw(updated), labels, 2);
    const lines = changes(before, after).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      {
        table: 'work_items',
        '~': 'work-item@1.2',
        from: { state: 'open' },
        to: { state: 'closed' },
      },
      {
        table: 'audit_events',
        '+': {
          action: 'work.read',
          actor_user_id: 'user:team-manager',
          at: NOW,
          object_id: 'work-item@1.2',
          request_id: 'request@2.1',
        },
      },
    ]);
    expect(changes(after, after)).toEqual([]);
    expect(changes(emptySnapshot(), emptySnapshot())).toEqual([]);
  });
});

describe('golden trace files', () => {
  const recorded = [
    '{"step":4,"do":"social-worker POST /api/work-items/work-item@1.1/transitions","status":422}',
    '{"table":"audit_events","+":{"action":"work.transition","outcome":"refused"}}',
    '{"step":5,"do":"social-worker GET /api/tray","status":200}',
  ].join('\n');

  it('splits a file into steps at each header line', () => {
    const steps = parseTrace(`${recorded}\n`);
    expect(steps.map((s) => s.length)).toEqual([2, 1]);
  });

  it('shows a refused step that now writes nothing as the recorded row missing from that step', () => {
    const [refused] = parseTrace(recorded);
    const now = [refused?.[0] ?? ''];
    const message = describeDifference('x.jsonl', 3, refused, now);
    expect(message).toContain('differs at step 4 of x.jsonl');
    expect(message).toContain(
      '  - {"table":"audit_events","+":{"action":"work.transition","outcome":"refused"}}',
    );
    expect(describeDifference('x.jsonl', 3, refused, refused ?? [])).toBeUndefined();
    expect(describeDifference('x.jsonl', 9, undefined, now)).toContain('the recording ends here');
  });

  it('names the file after the test without its dialect, so each dialect has the same names', () => {
    const name = 'front-door scenarios on sqlite > Walsall (BATON_PACK=walsall) > screens first';
    const pg = name.replace('sqlite', 'postgres');
    const a = tracePath('/x/front-door-scenarios.int.test.ts', name, 'sqlite');
    const b = tracePath('/x/front-door-scenarios.int.test.ts', pg, 'postgres');
    expect(a).toMatch(/front-door-scenarios\/sqlite\/walsall-baton-pack-walsall-screens-first-/);
    expect(b.replace('/postgres/', '/sqlite/')).toBe(a);
  });
});
