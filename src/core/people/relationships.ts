/**
 * What an adult is to a child: the words a relationship is recorded with, shared by the front
 * door's contact form and the person record, so both record the same relationships.
 */
export const adultRelationships = [
  'mother',
  'father',
  'parent',
  'step-parent',
  'carer',
  'grandparent',
  'other-relative',
  'other',
] as const;

/** One of `adultRelationships`. */
export type AdultRelationship = (typeof adultRelationships)[number];
