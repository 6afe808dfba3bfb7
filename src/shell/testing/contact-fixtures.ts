/** Contact bodies for tests: one child in a two-parent household, every name invented. */

export interface ContactChild {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
}

/**
 * A partner's contact about one child with both parents, each with parental responsibility
 * (001: "every child and both parents"). The mother lives with the child; the father does unless
 * `fatherLivesWithChild` is false.
 */
export function twoParentContact(
  child: ContactChild,
  options: {
    concerns: string;
    referrerLevel: 1 | 2 | 3 | 4;
    urgency?: 'routine' | 'immediate';
    mother?: string;
    father?: string;
    fatherLivesWithChild?: boolean;
  },
) {
  return {
    urgency: options.urgency ?? 'routine',
    familySpokenTo: true,
    concerns: options.concerns,
    referrerLevel: options.referrerLevel,
    consent: { decision: 'given', givenBy: 'mum' },
    adults: [
      {
        key: 'mum',
        person: { givenName: options.mother ?? 'Parent', familyName: child.familyName },
      },
      {
        key: 'dad',
        person: { givenName: options.father ?? 'Other Parent', familyName: child.familyName },
      },
    ],
    children: [
      {
        person: child,
        parents: [
          {
            adult: 'mum',
            relationship: 'mother',
            parentalResponsibility: true,
            livesWithChild: true,
          },
          {
            adult: 'dad',
            relationship: 'father',
            parentalResponsibility: true,
            livesWithChild: options.fatherLivesWithChild ?? true,
          },
        ],
      },
    ],
  };
}
