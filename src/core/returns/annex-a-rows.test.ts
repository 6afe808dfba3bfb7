import { describe, expect, it } from 'vitest';
import { ANNEX_A_LISTS, annexAList, type AnnexAListId } from './annex-a-lists.js';
import {
  ageOn,
  annexARows,
  yearBefore,
  type AnnexAChildFacts,
  type AnnexACell,
  type AnnexAWindow,
} from './annex-a-rows.js';
import { journey, recordFacts, work } from './census-testing.js';

/** The school-contact journey of census-testing, plus early help and a period of care. */
function child(over: Partial<AnnexAChildFacts> = {}): AnnexAChildFacts {
  return {
    record: recordFacts({ localId: 'CH0001', disabilities: ['AUT'] }),
    allocation: { team: 'Central CIN team', worker: 'Sam Testworker' },
    work: journey(),
    earlyHelpAssessments: [],
    ...over,
  };
}

const ALL: AnnexAWindow = { from: '2025-04-01', to: '2026-03-31' };

/** The cell under `heading` in a row of list `id`. */
function cell(id: AnnexAListId, row: AnnexACell[] | undefined, heading: string): AnnexACell {
  const i = annexAList(id).columns.findIndex((c) => c.heading === heading);
  if (i < 0) throw new Error(`no column ${heading} in ${id}`);
  if (row === undefined) throw new Error(`no row in ${id}`);
  return row[i] ?? null;
}

describe('Annex A lists', () => {
  it('has the eight lists in the template order, each starting with the child', () => {
    expect(ANNEX_A_LISTS.map((l) => l.sheet)).toEqual([
      'List 1',
      'List 2',
      'List 3',
      'List 4',
      'List 5',
      'List 6',
      'List 7',
      'List 8',
    ]);
    for (const l of ANNEX_A_LISTS) {
      expect(l.columns.slice(0, 5).map((c) => c.heading)).toEqual([
        'Child Unique ID',
        'Gender',
        'Ethnicity',
        'Date of Birth',
        'Age of Child (Years)',
      ]);
      expect(new Set(l.columns.map((c) => c.heading)).size).toBe(l.columns.length);
    }
  });

  it('writes a row the width of its list, and leaves the columns Baton does not record empty', () => {
    const care = work('lac', 'looked-after', '2026-01-20', { steppedFromId: 'cin' });
    const rows = annexARows(
      child({
        work: [...journey(), care],
        earlyHelpAssessments: [
          { startedOn: '2025-04-10', completedOn: '2025-04-28', organisation: 'Testfield School' },
        ],
      }),
      ALL,
    );
    for (const l of ANNEX_A_LISTS) {
      const list = rows[l.id];
      expect(list.length, l.id).toBeGreaterThan(0);
      for (const row of list) {
        expect(row.length, l.id).toBe(l.columns.length);
        l.columns.forEach((c, i) => {
          if (!c.recorded) expect(row[i], `${l.id} ${c.heading}`).toBeNull();
        });
      }
    }
  });
});

describe('annexARows', () => {
  it('list 1: contacts received in the window, with their source', () => {
    const inside = annexARows(child(), { from: '2025-05-01', to: '2025-10-31' }).contacts;
    expect(inside).toHaveLength(1);
    expect(cell('contacts', inside[0], 'Date of Contact')).toBe('2025-05-01');
    expect(cell('contacts', inside[0], 'Contact Source')).toBe('e) 2A: Schools');
    expect(cell('contacts', inside[0], 'Child Unique ID')).toBe('CH0001');
    expect(cell('contacts', inside[0], 'Gender')).toBe('b) Female');
    expect(cell('contacts', inside[0], 'Ethnicity')).toBe('a) WBRI');
    expect(cell('contacts', inside[0], 'Age of Child (Years)')).toBe(4);
    expect(annexARows(child(), { from: '2025-05-02', to: '2025-10-31' }).contacts).toEqual([]);
  });

  it('list 2: early help assessments open in the window, with the organisation', () => {
    const eh = [
      { startedOn: '2024-01-10', completedOn: '2024-02-01', organisation: 'Old School' },
      { startedOn: '2025-03-10', completedOn: null, organisation: 'Testfield School' },
    ];
    const rows = annexARows(child({ earlyHelpAssessments: eh }), ALL).earlyHelp;
    expect(rows).toHaveLength(1);
    expect(cell('earlyHelp', rows[0], 'Assessment start date')).toBe('2025-03-10');
    expect(cell('earlyHelp', rows[0], 'Assessment completion date')).toBeNull();
    expect(cell('earlyHelp', rows[0], 'Organisation completing assessment')).toBe(
      'Testfield School',
    );
  });

  it('list 3: referrals in the window, counting referrals in the 12 months to each', () => {
    const again = [
      ...journey(),
      work('contact2', 'contact', '2026-02-01', {
        closedOn: '2026-02-01',
        referralSource: '6',
        receivedOn: '2026-02-01',
      }),
      work('assess2', 'cf-assessment', '2026-02-02', {
        steppedFromId: 'contact2',
        closedOn: '2026-02-20',
        steps: [{ on: '2026-02-20', outcome: 'no-further-action', category: null }],
      }),
    ];
    // The second assessment overlaps the open CIN plan: the census joins it to the first episode.
    const rows = annexARows(child({ work: again }), ALL).referrals;
    expect(rows).toHaveLength(1);
    expect(cell('referrals', rows[0], 'Date of referral')).toBe('2025-05-01');
    expect(cell('referrals', rows[0], 'Referral NFA?')).toBe('b) No');
    expect(cell('referrals', rows[0], 'Number of Referrals in Last 12 Months')).toBe(1);
    expect(cell('referrals', rows[0], 'Allocated Team')).toBe('Central CIN team');
    expect(cell('referrals', rows[0], 'Allocated Worker')).toBe('Sam Testworker');

    const closedFirst = journey()
      .filter((w) => w.id !== 'cin')
      .concat(again.slice(-2));
    const two = annexARows(child({ work: closedFirst }), ALL).referrals;
    expect(two.map((r) => cell('referrals', r, 'Date of referral'))).toEqual([
      '2025-05-01',
      '2026-02-01',
    ]);
    expect(cell('referrals', two[1], 'Number of Referrals in Last 12 Months')).toBe(2);
    expect(cell('referrals', two[1], 'Referral Source')).toBe('r) 6: Police');
  });

  it('list 4: assessments open in the window; support required when work followed', () => {
    const rows = annexARows(child(), ALL).assessments;
    expect(rows).toHaveLength(1);
    expect(cell('assessments', rows[0], 'Continuous Assessment Start Date')).toBe('2025-05-02');
    expect(cell('assessments', rows[0], 'Continuous Assessment Date of Authorisation')).toBe(
      '2025-06-10',
    );
    expect(
      cell(
        'assessments',
        rows[0],
        "Was the child assessed as requiring LA children's social care support?",
      ),
    ).toBe('a) Yes');
    expect(cell('assessments', rows[0], 'Does the Child have a Disability')).toBe('a) Yes');
    expect(annexARows(child(), { from: '2025-06-11', to: '2025-12-31' }).assessments).toEqual([]);
    const nfa = [
      work('c', 'contact', '2025-05-01', { receivedOn: '2025-05-01', closedOn: '2025-05-01' }),
      work('a', 'cf-assessment', '2025-05-02', { steppedFromId: 'c', closedOn: '2025-05-20' }),
    ];
    const no = annexARows(child({ work: nfa }), ALL).assessments;
    expect(
      cell(
        'assessments',
        no[0],
        "Was the child assessed as requiring LA children's social care support?",
      ),
    ).toBe('b) No');
  });

  it('list 5: s47 enquiries with their ICPC, whether it led to a plan, and 12-month counts', () => {
    const rows = annexARows(child(), { from: '2025-06-01', to: '2025-11-30' }).section47;
    expect(rows).toHaveLength(1);
    const at = (h: string) => cell('section47', rows[0], h);
    expect(at('Strategy discussion initiating Section 47 Enquiry Start Date')).toBe('2025-06-11');
    expect(at('Was an Initial Child Protection Conference deemed unnecessary?')).toBe('b) No');
    expect(at('Date of Initial Child Protection Conference')).toBe('2025-06-30');
    expect(
      at('Did the Initial Child Protection Conference Result in a Child Protection Plan'),
    ).toBe('a) Yes');
    expect(at('Number of Section 47 Enquiries in the last 12 months')).toBe(1);
    expect(at('Number of ICPCs in the last 12 months')).toBe(1);
    expect(annexARows(child(), { from: '2025-07-01', to: '2025-11-30' }).section47).toEqual([]);
  });

  it('list 6: episodes open in the window with need, closure and case status', () => {
    const rows = annexARows(child(), ALL).childrenInNeed;
    expect(rows).toHaveLength(1);
    const at = (h: string) => cell('childrenInNeed', rows[0], h);
    expect(at('CIN Start Date')).toBe('2025-05-01');
    expect(at('Primary Need Code')).toBe('N1 - Abuse or neglect');
    expect(at('CIN Closure Date')).toBeNull();
    expect(at('Case Status')).toBe('c) Child in need plan');
    const onPlan = annexARows(child(), { from: '2025-07-01', to: '2025-08-31' }).childrenInNeed;
    expect(cell('childrenInNeed', onPlan[0], 'Case Status')).toBe('b) Child Protection plan');
    const closed = journey().map((w) => (w.id === 'cin' ? { ...w, closedOn: '2026-02-10' } : w));
    const c = annexARows(child({ work: closed }), ALL).childrenInNeed;
    expect(cell('childrenInNeed', c[0], 'Case Status')).toBe('e) Closed episode');
    expect(cell('childrenInNeed', c[0], 'Reason for Closure')).toMatch(/^RC7 - /);
    expect(
      annexARows(child({ work: closed }), { from: '2026-02-11', to: '2026-03-31' }).childrenInNeed,
    ).toEqual([]);
  });

  it('list 7: plans open in the window with categories, latest review and end', () => {
    const rows = annexARows(child(), { from: '2025-10-01', to: '2025-12-31' }).childProtection;
    expect(rows).toHaveLength(1);
    const at = (h: string) => cell('childProtection', rows[0], h);
    expect(at('Child Protection Plan Start Date')).toBe('2025-06-30');
    expect(at('Initial Category of Abuse')).toBe('a) Neglect');
    expect(at('Latest Category of Abuse')).toBe('a) Neglect');
    expect(at('Date of latest review conference')).toBe('2025-09-25');
    // As the record stood on the window's last day: the plan had not yet ended.
    expect(at('Child Protection Plan End Date')).toBeNull();
    expect(at('Number of Previous Child Protection Plans')).toBe(0);
    expect(annexARows(child(), { from: '2026-02-01', to: '2026-03-31' }).childProtection).toEqual(
      [],
    );
  });

  it('list 8: periods of care open in the window, a second period within 12 months flagged', () => {
    const care = [
      work('lac1', 'looked-after', '2025-08-01', { steppedFromId: 'cpp', closedOn: '2025-09-01' }),
      work('lac2', 'looked-after', '2026-02-01', { steppedFromId: 'cin' }),
    ];
    const rows = annexARows(child({ work: [...journey(), ...care] }), ALL).childrenInCare;
    expect(rows.map((r) => cell('childrenInCare', r, 'Date Started to be Looked After'))).toEqual([
      '2025-08-01',
      '2026-02-01',
    ]);
    const second =
      'Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)';
    expect(cell('childrenInCare', rows[0], second)).toBe('b) No');
    expect(cell('childrenInCare', rows[1], second)).toBe('a) Yes');
    expect(cell('childrenInCare', rows[0], 'Date Ceased to be Looked After')).toBe('2025-09-01');
    expect(cell('childrenInCare', rows[1], "Child's Category of Need")).toBe(
      'N1 - Abuse or neglect',
    );
    expect(
      annexARows(child({ work: [...journey(), ...care] }), { from: '2025-09-02', to: '2026-01-31' })
        .childrenInCare,
    ).toEqual([]);
  });

  it('reads unrecorded items as the template’s "not stated" values', () => {
    const r = annexARows(
      child({ record: recordFacts({ sex: null, ethnicity: null, disabilities: null }) }),
      ALL,
    );
    expect(cell('childrenInNeed', r.childrenInNeed[0], 'Gender')).toBe('c) Not stated/recorded');
    expect(cell('childrenInNeed', r.childrenInNeed[0], 'Ethnicity')).toBe('t) NOBT');
    expect(cell('childrenInNeed', r.childrenInNeed[0], 'Does the Child have a Disability')).toBe(
      'c) Unknown',
    );
  });
});

describe('dates', () => {
  it('counts whole years and steps back a year, 29 February to 28 February', () => {
    expect(ageOn('2021-09-14', '2026-09-13')).toBe(4);
    expect(ageOn('2021-09-14', '2026-09-14')).toBe(5);
    expect(ageOn(null, '2026-01-01')).toBeNull();
    expect(yearBefore('2028-02-29')).toBe('2027-02-28');
    expect(yearBefore('2026-03-31')).toBe('2025-03-31');
  });
});
