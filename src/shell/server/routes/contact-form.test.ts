import { describe, expect, it } from 'vitest';
import { CONTACT_LIMITS, contactBody } from '../../use-cases/contact-schema.js';
import { blankAdult, blankChild, newDraft } from './contact-draft.js';
import { checkFamily, familyRows, FAMILY_ROWS, readFamily } from './contact-family-form.js';
import { checkConcerns, draftToRequest, pageForDetail } from './contact-form.js';

/** The contact's limits live once (use-cases/contact-schema.ts): the page and the API agree. */
describe('the contact form and the API take the same contact', () => {
  const draft = (concerns: string) => ({
    ...newDraft(),
    concerns,
    referrerLevel: '3',
    urgency: 'routine',
  });
  const body = (concerns: string) => ({
    urgency: 'routine',
    familySpokenTo: true,
    concerns,
    consent: { decision: 'given' },
    children: [{ person: { givenName: 'Ada', familyName: 'Quill', dateOfBirth: '2018-01-02' } }],
  });

  it('accepts concerns up to the one limit on both', () => {
    const longest = 'x'.repeat(CONTACT_LIMITS.concerns);
    expect(checkConcerns(draft(longest))).toEqual([]);
    expect(contactBody.safeParse(body(longest)).success).toBe(true);
  });

  it('refuses concerns one character over it on both', () => {
    const tooLong = 'x'.repeat(CONTACT_LIMITS.concerns + 1);
    expect(checkConcerns(draft(tooLong))).toEqual([
      { text: 'Concerns must be 20,000 characters or fewer', href: '#concerns' },
    ]);
    expect(contactBody.safeParse(body(tooLong)).success).toBe(false);
  });

  it('offers the urgencies the API takes, and no other', () => {
    expect(checkConcerns({ ...draft('Worried'), urgency: 'today' })).toEqual([]);
    expect(checkConcerns({ ...draft('Worried'), urgency: 'soon' })).toHaveLength(1);
    expect(contactBody.safeParse({ ...body('Worried'), urgency: 'soon' }).success).toBe(false);
  });
});

describe("the family's address on the contact form", () => {
  const child = { ...blankChild(), givenName: 'Ada', familyName: 'Quill' };
  const mum = {
    ...blankAdult(),
    givenName: 'Rowan',
    familyName: 'Quill',
    relationship: 'mother',
    parentalResponsibility: 'yes',
    livesWithChild: 'yes',
    children: [0],
    addressLine1: '12 Ash Road',
    town: 'Stockport',
    postcode: 'sk1 3xe',
  };
  const dad = {
    ...mum,
    givenName: 'Ash',
    relationship: 'father',
    livesWithChild: 'no',
    addressLine1: '3 Elm Court',
    addressLine2: 'Flat 2',
    town: 'Bury',
    postcode: 'BL9 0AA',
  };
  const form = { ...newDraft(), children: [child], adults: [mum, dad] };

  it('keeps each adult address with that person, and gives the child the home they live in', () => {
    const request = draftToRequest(form, false);
    expect(request.adults.map((a) => a.person)).toEqual([
      {
        givenName: 'Rowan',
        familyName: 'Quill',
        address: '12 Ash Road, Stockport',
        postcode: 'sk1 3xe',
      },
      {
        givenName: 'Ash',
        familyName: 'Quill',
        address: '3 Elm Court, Flat 2, Bury',
        postcode: 'BL9 0AA',
      },
    ]);
    expect(request.children[0]?.person).toMatchObject({
      address: '12 Ash Road, Stockport',
      postcode: 'sk1 3xe',
    });
    // The address is optional: none typed, none sent.
    const none = draftToRequest(
      { ...form, adults: [{ ...mum, addressLine1: '', town: '', postcode: '' }] },
      false,
    );
    expect(none.adults[0]?.person).toEqual({ givenName: 'Rowan', familyName: 'Quill' });
    expect(none.children[0]?.person).not.toHaveProperty('address');
  });

  it('says at the postcode box when a postcode is not a real one', () => {
    const errors = checkFamily(
      { ...form, adults: [{ ...mum, postcode: 'not a postcode' }] },
      '2026-12-07',
    );
    expect(errors).toContainEqual({
      text: 'Enter a real postcode, like SK1 3XE (Rowan Quill)',
      href: '#adult0-postcode',
    });
    expect(checkFamily(form, '2026-12-07').filter((e) => e.href.includes('postcode'))).toEqual([]);
  });
});

describe("the family's phone numbers on the contact form", () => {
  // Ofcom's numbers for drama: never anyone's.
  const mum = {
    ...blankAdult(),
    givenName: 'Rowan',
    familyName: 'Quill',
    relationship: 'mother',
    parentalResponsibility: 'yes',
    livesWithChild: 'yes',
    children: [0],
  };
  const form = (phone: string) => ({
    ...newDraft(),
    children: [{ ...blankChild(), givenName: 'Ada', familyName: 'Quill' }],
    adults: [{ ...mum, phone }],
    parentDetailsUnknownReason: 'The father is not known to the family',
  });
  const body = (phone: string) => ({
    urgency: 'routine',
    familySpokenTo: true,
    concerns: 'Worried',
    consent: { decision: 'given' },
    adults: [{ key: 'mum', person: { givenName: 'Rowan', familyName: 'Quill' }, phone }],
    children: [{ person: { givenName: 'Ada', familyName: 'Quill' } }],
  });

  it('sends a number with the adult when one is typed, and none when it is left blank', () => {
    expect(draftToRequest(form('0161 496 0000'), false).adults[0]?.phone).toBe('0161 496 0000');
    expect(draftToRequest(form(''), false).adults[0]).not.toHaveProperty('phone');
  });

  it('takes a number up to the one limit on the page and in the API, and refuses one over it on both', () => {
    const longest = '0161 496 0000'.padEnd(CONTACT_LIMITS.phone, '-');
    expect(checkFamily(form(longest), TODAY)).toEqual([]);
    expect(contactBody.safeParse(body(longest)).success).toBe(true);
    const tooLong = `${longest}0`;
    expect(checkFamily(form(tooLong), TODAY)).toEqual([
      { text: 'Phone number must be 30 characters or fewer (Rowan Quill)', href: '#adult0-phone' },
    ]);
    expect(contactBody.safeParse(body(tooLong)).success).toBe(false);
  });

  it('says at the phone box when a number is not one', () => {
    expect(checkFamily(form('07700 900 98'), TODAY)).toEqual([]);
    expect(checkFamily(form('call the school'), TODAY)).toEqual([
      {
        text: 'Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192 (Rowan Quill)',
        href: '#adult0-phone',
      },
    ]);
  });

  it('counts a row with only a number as used, and asks for the rest of it', () => {
    const read = readFamily(
      familyForm({
        'child0-givenName': 'Ada',
        'child0-familyName': 'Quill',
        'adult1-phone': '0161 496 0000',
      }),
      newDraft(),
    );
    expect(read.adults.map((a) => a.phone)).toEqual(['0161 496 0000']);
    expect(checkFamily(read, TODAY).map((e) => e.href)).toContain('#adult0-givenName');
  });
});

/** The family page as a browser sends it: every row shown, most of them left empty. */
const familyForm = (
  fields: Record<string, string | string[]>,
): Record<string, string | string[]> => ({
  childCount: String(FAMILY_ROWS.children),
  adultCount: String(FAMILY_ROWS.adults),
  action: 'continue',
  ...fields,
});
const parent = (i: number, relationship: string, children: string[]) => ({
  [`adult${String(i)}-relationship`]: relationship,
  [`adult${String(i)}-pr`]: 'yes',
  [`adult${String(i)}-lives`]: 'yes',
  [`adult${String(i)}-children`]: children,
});
const TODAY = '2026-12-07';

describe('the family page: children, parents and carers on one page (issue 14 §3)', () => {
  it('shows enough empty rows for a family of two children and both parents, with no round trip', () => {
    const rows = familyRows(newDraft());
    expect(rows.children.length).toBeGreaterThanOrEqual(2);
    expect(rows.adults.length).toBeGreaterThanOrEqual(2);
  });

  it('takes two children and both parents, drops the empty rows, and tells the surname once', () => {
    const d = readFamily(
      familyForm({
        'child0-givenName': 'Maisie',
        'child0-familyName': 'Hollowell',
        'child0-dob-day': '14',
        'child0-dob-month': '3',
        'child0-dob-year': '2016',
        'child1-givenName': 'Alfie',
        'adult0-givenName': 'Gemma',
        ...parent(0, 'mother', ['0', '1']),
        'adult1-givenName': 'Craig',
        'adult1-familyName': 'Orme',
        ...parent(1, 'father', ['0', '1']),
        // The third parent row: nothing but a surname is a row nobody used.
        'adult2-familyName': 'Hollowell',
      }),
      newDraft(),
    );
    expect(d.children.map((c) => `${c.givenName} ${c.familyName}`)).toEqual([
      'Maisie Hollowell',
      'Alfie Hollowell',
    ]);
    // A surname someone typed is kept; a blank one is the first child's.
    expect(d.adults.map((a) => `${a.givenName} ${a.familyName}`)).toEqual([
      'Gemma Hollowell',
      'Craig Orme',
    ]);
    expect(d.adults.map((a) => a.children)).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(checkFamily(d, TODAY)).toEqual([]);
    expect(draftToRequest(d, false).children.map((c) => c.parents.length)).toEqual([2, 2]);
  });

  it('closes up a row left empty between two children, and the ticks follow the child', () => {
    const d = readFamily(
      familyForm({
        'child0-givenName': 'Maisie',
        'child0-familyName': 'Hollowell',
        'child2-givenName': 'Alfie',
        'adult0-givenName': 'Gemma',
        ...parent(0, 'mother', ['0', '1', '2']),
      }),
      newDraft(),
    );
    expect(d.children.map((c) => c.givenName)).toEqual(['Maisie', 'Alfie']);
    // The tick on the empty second row goes with it; the third row's is now the second's.
    expect(d.adults[0]?.children).toEqual([0, 1]);
  });

  it('makes the parents of an only child that child’s without a tick', () => {
    const d = readFamily(
      familyForm({
        'child0-givenName': 'Maisie',
        'child0-familyName': 'Hollowell',
        'adult0-givenName': 'Gemma',
        ...parent(0, 'mother', []),
      }),
      newDraft(),
    );
    expect(d.adults[0]?.children).toEqual([0]);
    expect(checkFamily(d, TODAY)).toEqual([
      {
        text: "Give both parents' details for Maisie Hollowell, whether or not they live together, or say why they are unknown",
        href: '#parentDetailsUnknownReason',
      },
    ]);
  });

  it('asks for the first child when the page is sent empty, and nothing of the empty rows', () => {
    const errors = checkFamily(readFamily(familyForm({}), newDraft()), TODAY);
    expect(errors[0]?.href).toBe('#child0-givenName');
    expect(errors.some((e) => /#child[12]|#adult/.test(e.href))).toBe(false);
  });

  it('asks which children a parent is of when there are several and none is ticked', () => {
    const d = readFamily(
      familyForm({
        'child0-givenName': 'Maisie',
        'child0-familyName': 'Hollowell',
        'child1-givenName': 'Alfie',
        'adult0-givenName': 'Gemma',
        ...parent(0, 'mother', []),
      }),
      newDraft(),
    );
    expect(checkFamily(d, TODAY)).toContainEqual({
      text: 'Select which children Gemma Hollowell is a parent or carer of',
      href: '#adult0-children',
    });
  });

  it('adds a row beyond those shown only when asked, and removes one with the ticks moved up', () => {
    const shown = familyForm({
      'child0-givenName': 'Maisie',
      'child0-familyName': 'Hollowell',
      'child1-givenName': 'Alfie',
      'child2-givenName': 'Poppy',
      'adult0-givenName': 'Gemma',
      ...parent(0, 'mother', ['0', '2']),
    });
    const added = readFamily({ ...shown, action: 'add-child' }, newDraft());
    expect(familyRows(added).children).toHaveLength(FAMILY_ROWS.children + 1);
    const addedAdult = readFamily({ ...shown, action: 'add-adult' }, newDraft());
    expect(familyRows(addedAdult).adults).toHaveLength(FAMILY_ROWS.adults + 1);

    const removed = readFamily({ ...shown, action: 'remove-child-0' }, newDraft());
    expect(removed.children.map((c) => `${c.givenName} ${c.familyName}`)).toEqual([
      'Alfie ',
      'Poppy ',
    ]);
    expect(removed.adults[0]?.children).toEqual([1]);
    const noMum = readFamily({ ...shown, action: 'remove-adult-0' }, newDraft());
    expect(noMum.adults).toEqual([]);
  });
});

describe('an error the API finds, on check your answers, links to the page that answers it', () => {
  it.each([
    ['referrer', 'referrer'],
    ['referrer.name', 'referrer'],
    ['referrerLevel', 'concerns'],
    ['concerns', 'concerns'],
    ['consent.givenBy', 'concerns'],
    ['children.1.person.familyName', 'family'],
    ['children.0.parentDetailsUnknownReason', 'family'],
    ['adults.0.person.postcode', 'family'],
  ])('%s → %s', (path, page) => {
    expect(pageForDetail({ path, message: 'x' })).toBe(page);
  });
});
