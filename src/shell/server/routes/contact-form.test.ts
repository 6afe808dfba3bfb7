import { describe, expect, it } from 'vitest';
import { CONTACT_LIMITS, contactBody } from '../../use-cases/contact-schema.js';
import { blankAdult, blankChild, newDraft } from './contact-draft.js';
import {
  checkAdults,
  checkConcerns,
  draftToRequest,
  readAdults,
  readChildren,
} from './contact-form.js';

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
    const errors = checkAdults(
      { ...form, adults: [{ ...mum, postcode: 'not a postcode' }] },
      '2026-12-07',
    );
    expect(errors).toContainEqual({
      text: 'Enter a real postcode, like SK1 3XE (Rowan Quill)',
      href: '#adult0-postcode',
    });
    expect(checkAdults(form, '2026-12-07').filter((e) => e.href.includes('postcode'))).toEqual([]);
  });
});

describe('surnames told once (issue 14 §3)', () => {
  const form = (action: string): Record<string, string> => ({
    childCount: '1',
    'child0-givenName': 'Maisie',
    'child0-familyName': 'Hollowell',
    action,
  });

  it('starts a brother or sister with the first child’s surname', () => {
    const d = readChildren(form('add'), newDraft());
    expect(d.children.map((c) => c.familyName)).toEqual(['Hollowell', 'Hollowell']);
    expect(d.children[1]?.givenName).toBe('');
  });

  it('fills the parents not yet named with it, and keeps a surname someone typed', () => {
    const typed = {
      ...newDraft(),
      adults: [{ ...blankAdult(), givenName: 'Craig', familyName: 'Orme' }, blankAdult()],
    };
    const d = readChildren(form('continue'), typed);
    expect(d.adults.map((a) => a.familyName)).toEqual(['Orme', 'Hollowell']);
    const added = readAdults({ adultCount: '0', action: 'add' }, d);
    expect(added.adults.map((a) => a.familyName)).toEqual(['Hollowell']);
  });

  it('ignores a parent slot holding only the surname it was given', () => {
    const d = readChildren(form('continue'), newDraft());
    const mum = {
      ...blankAdult(),
      givenName: 'Gemma',
      familyName: 'Hollowell',
      relationship: 'mother',
      parentalResponsibility: 'yes',
      livesWithChild: 'yes',
      children: [0],
    };
    const withMum = { ...d, adults: [mum, d.adults[1] ?? blankAdult()] };
    expect(withMum.adults[1]?.familyName).toBe('Hollowell');
    const errors = checkAdults(withMum, '2026-12-07');
    expect(errors.some((e) => e.href.startsWith('#adult1'))).toBe(false);
  });
});
