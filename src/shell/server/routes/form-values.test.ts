import { describe, expect, it } from 'vitest';
import {
  dateParts,
  dateReadingError,
  fieldErrors,
  pageErrorsFrom,
  readDateParts,
  readDates,
} from './form-values.js';

describe('fieldErrors', () => {
  it("gives each field the text of the summary item that links to it, by the field's id", () => {
    expect(
      fieldErrors([
        { text: 'Enter your username', href: '#username' },
        { text: 'Enter your password', href: '#password' },
      ]),
    ).toEqual({ username: 'Enter your username', password: 'Enter your password' });
    expect(fieldErrors([])).toEqual({});
  });
});

describe('fieldErrors, for date inputs and repeated fields', () => {
  it("files a date input's error under the date's name, and keeps a field's first error", () => {
    expect(
      fieldErrors([
        { text: 'Date of birth must be a real date, like 27 3 2015', href: '#dateOfBirth-day' },
        { text: 'A second message', href: '#dateOfBirth-day' },
        { text: 'Change your answer', href: '/contacts/new/family?change=1' },
      ]),
    ).toEqual({ dateOfBirth: 'Date of birth must be a real date, like 27 3 2015' });
  });
});

describe('the GOV.UK date input', () => {
  const read = (day: string, month: string, year: string) => readDateParts({ day, month, year });

  it('reads a real date, padding single digits', () => {
    expect(read('7', '12', '2026')).toEqual({ kind: 'date', iso: '2026-12-07' });
    expect(read('29', '2', '2028')).toEqual({ kind: 'date', iso: '2028-02-29' });
  });

  it('tells empty, incomplete and impossible dates apart, with the GOV.UK messages', () => {
    expect(read('', '', '')).toEqual({ kind: 'empty' });
    expect(read('7', '', '2026')).toEqual({ kind: 'incomplete' });
    expect(read('31', '4', '2026')).toEqual({ kind: 'not-a-date', typed: '2026-04-31' });
    expect(read('29', '2', '2027').kind).toBe('not-a-date');
    expect(read('7', 'Dec', '2026').kind).toBe('not-a-date');
    expect(read('7', '12', '26').kind).toBe('not-a-date');
    expect(dateReadingError(read('7', '', '2026'), 'Date of birth')).toBe(
      'Date of birth must include a day, month and year',
    );
    expect(dateReadingError(read('31', '4', '2026'), 'Date of birth')).toBe(
      'Date of birth must be a real date, like 27 3 2015',
    );
    expect(dateReadingError(read('1', '4', '2026'), 'Date of birth')).toBeNull();
  });

  it('reads the three boxes of a form by the input name', () => {
    expect(
      dateParts({ 'held-day': ' 7 ', 'held-month': ['12', 'x'], 'held-year': '2026' }, 'held'),
    ).toEqual({ day: '7', month: '12', year: '2026' });
  });
});

describe('pageErrorsFrom', () => {
  it('links each detail to its control, in page order, in the page’s words', () => {
    const errors = pageErrorsFrom(
      [
        { path: 'notes', message: 'Notes are too long' },
        { path: 'recordedOn', message: 'Recorded on must be a date' },
        { path: 'givenByKind', message: 'Say who gave consent' },
      ],
      {
        anchors: { recordedOn: 'recordedOn-day', givenByKind: 'givenBy' },
        order: ['givenBy', 'recordedOn', 'notes'],
        text: (path, message) => (path === 'notes' ? 'Notes must be shorter' : message),
      },
    );
    expect(errors).toEqual([
      { text: 'Say who gave consent', href: '#givenBy' },
      { text: 'Recorded on must be a date', href: '#recordedOn-day' },
      { text: 'Notes must be shorter', href: '#notes' },
    ]);
  });
});

describe('readDates', () => {
  it('reads each date input as a day, blank as empty, and says which are not dates', () => {
    const r = readDates(
      {
        'heldOn-day': '3',
        'heldOn-month': '11',
        'heldOn-year': '2026',
        'sentOn-day': '31',
        'sentOn-month': '4',
        'sentOn-year': '2026',
      },
      { heldOn: 'The date of the meeting', sentOn: 'The date sent', dueDate: 'The date due' },
    );
    expect(r.iso).toEqual({ heldOn: '2026-11-03', sentOn: '', dueDate: '' });
    expect(r.errors).toEqual([
      { text: 'The date sent must be a real date, like 27 3 2015', href: '#sentOn-day' },
    ]);
    expect(r.typed['sentOn-day']).toBe('31');
    expect(r.typed['dueDate-year']).toBe('');
  });
});
