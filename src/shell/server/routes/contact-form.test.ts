import { describe, expect, it } from 'vitest';
import { CONTACT_LIMITS, contactBody } from '../../use-cases/contact-schema.js';
import { newDraft } from './contact-draft.js';
import { checkConcerns } from './contact-form.js';

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
