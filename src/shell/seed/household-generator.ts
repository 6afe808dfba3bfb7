/**
 * Households: children and the adults around them (mother, father, a step-parent or a
 * grandparent), with relationships, parental responsibility and who lives with whom, and the
 * matching keys intake search reads (NHS number, date of birth, postcode, sound of the name).
 * Each child carries what practitioners record for the census: sex, ethnicity, disabilities and
 * a UPN or the reason it is unknown.
 */
import { blockingKeys } from '../../core/people/index.js';
import { DAY, dateAt, isoAt, type SeedUser, type SeedWorld } from './seed-world.js';
import {
  ETHNICITY_SHARES,
  disabilitiesOf,
  sexOf,
  upnOf,
  type SyntheticUpns,
} from './census-items.js';
import {
  adultGivenName,
  childGivenName,
  familyName,
  homeAddress,
  type TestNhsNumbers,
} from './synthetic-names.js';

export interface SeedPerson {
  id: string;
  givenName: string;
  familyName: string;
  /** Whole years at "as of" (adults: their age; unborn: -1). */
  age: number;
  /** When the child was born (ms), or is expected. */
  born: number;
}

export interface SeedHousehold {
  children: SeedPerson[];
  /** The adults; the first has parental responsibility and lives with the children. */
  adults: (SeedPerson & { relationship: string; pr: boolean })[];
  /** 0 for most families; higher for the families services come to know. */
  need: number;
  /**
   * Until when the family's social care work runs (ms), all of it: work alongside a chain (an
   * assessment alongside s47 enquiries, care alongside a plan) can outlast it.
   */
  socialCareUntil: number;
}

const LANGUAGES = [
  'English',
  'English',
  'English',
  'English',
  'Polish',
  'Urdu',
  'Romanian',
  'Arabic',
];

/** Queue a household of `childCount` children and one to three adults. */
export function generateHousehold(
  world: SeedWorld,
  numbers: { nhs: TestNhsNumbers; upns: SyntheticUpns },
  childCount: number,
  recordedBy: SeedUser,
): SeedHousehold {
  const { rand } = world;
  const { nhs, upns } = numbers;
  const family = familyName(rand);
  const home = homeAddress(rand);
  const language = rand.pick(LANGUAGES);
  // One family's children share an ethnicity as the family describes it; now and then it was
  // not asked yet or the family declined to say.
  const ethnicity = rand.weighted(ETHNICITY_SHARES);
  const asOfYear = new Date(world.asOf).getUTCFullYear();
  const created = world.asOf - rand.int(30, 6 * 365) * DAY;
  const need = rand.weighted([
    ['0', 0.68],
    ['1', 0.24],
    ['2', 0.08],
  ] as const);

  const person = (
    kind: 'child' | 'adult',
    givenName: string,
    gender: string,
    dob: string | null,
    expected: string | null,
    nhsNumber: string | null,
    surname: string,
    livesHere: boolean,
    age: number,
  ): string => {
    const id = world.ids.next();
    const child = kind === 'child';
    const disabilities = child ? disabilitiesOf(rand) : null;
    const upn = child ? upnOf(rand, upns, age, asOfYear) : null;
    const postcode = livesHere ? home.postcode : homeAddress(rand).postcode;
    world.writer.add('people', {
      id,
      kind,
      given_name: givenName,
      family_name: surname,
      other_names: null,
      date_of_birth: dob,
      expected_date: expected,
      gender,
      nhs_number: nhsNumber,
      upn: upn?.upn ?? null,
      local_id: `MB${id.slice(0, 8).toUpperCase()}`,
      postcode,
      address: livesHere ? home.address : null,
      language,
      communication_needs: language !== 'English' && rand.chance(0.4) ? '["interpreter"]' : '[]',
      disabled: disabilities !== null && disabilities[0] !== 'NONE' ? 1 : 0,
      disability_details: null,
      sex: sexOf(gender),
      ethnicity: child ? ethnicity : null,
      disabilities: disabilities === null ? null : JSON.stringify(disabilities),
      upn_unknown_reason: upn?.reason ?? null,
      merged_into: null,
      created_by: recordedBy.id,
      created_at: isoAt(created),
      version: 1,
    });
    for (const key of blockingKeys({
      givenName,
      familyName: surname,
      dateOfBirth: dob ?? undefined,
      nhsNumber: nhsNumber ?? undefined,
      postcode,
    }))
      world.writer.add('person_keys', { person_id: id, key });
    return id;
  };

  const children: SeedPerson[] = [];
  const eldest = rand.int(0, 17);
  for (let i = 0; i < childCount; i++) {
    const unborn = i === 0 && childCount === 1 && rand.chance(0.004);
    const age = unborn ? -1 : Math.max(0, eldest - i * rand.int(1, 4));
    const gender = rand.chance(0.5) ? 'female' : 'male';
    const given = unborn ? 'Unborn' : childGivenName(rand, gender);
    const born = unborn
      ? world.asOf + rand.int(20, 180) * DAY
      : world.asOf - (age * 365 + rand.int(1, 364)) * DAY;
    const dob = unborn ? null : dateAt(born);
    const expected = unborn ? dateAt(born) : null;
    const id = person(
      'child',
      given,
      unborn ? 'unknown' : gender,
      dob,
      expected,
      unborn || rand.chance(0.03) ? null : nhs.next(),
      family,
      true,
      age,
    );
    children.push({ id, givenName: given, familyName: family, age, born });
  }

  const adults: SeedHousehold['adults'] = [];
  const adult = (
    relationship: string,
    gender: 'female' | 'male',
    pr: boolean,
    livesHere: boolean,
    surname: string,
    age: number,
  ): void => {
    const given = adultGivenName(rand, gender);
    const dob = dateAt(world.asOf - (age * 365 + rand.int(1, 364)) * DAY);
    const id = person(
      'adult',
      given,
      gender,
      dob,
      null,
      rand.chance(0.7) ? nhs.next() : null,
      surname,
      livesHere,
      age,
    );
    adults.push({
      id,
      givenName: given,
      familyName: surname,
      age,
      born: Date.parse(dob),
      relationship,
      pr,
    });
    for (const child of children)
      world.writer.add('relationships', {
        id: world.ids.next(),
        child_id: child.id,
        person_id: id,
        relationship,
        parental_responsibility: pr ? 1 : 0,
        lives_with_child: livesHere ? 1 : 0,
        created_at: isoAt(created),
      });
  };
  const parentAge = Math.max(eldest, 0) + rand.int(19, 38);
  // A social care person index records the wider family too: grandparents, aunts and uncles.
  if (rand.chance(0.95)) adult('mother', 'female', true, true, family, parentAge);
  if (adults.length === 0 || rand.chance(0.85)) {
    const together = adults.length === 0 || rand.chance(0.55);
    const surname = together ? family : familyName(rand);
    adult('father', 'male', true, together, surname, parentAge + rand.int(0, 6));
  }
  if (rand.chance(0.2))
    adult('step-parent', 'male', false, true, familyName(rand), parentAge + rand.int(-3, 8));
  if (rand.chance(0.35))
    adult('grandmother', 'female', false, rand.chance(0.3), family, parentAge + rand.int(20, 30));
  if (rand.chance(0.2))
    adult('grandfather', 'male', false, rand.chance(0.2), family, parentAge + rand.int(20, 32));
  if (rand.chance(0.25))
    adult(
      rand.chance(0.5) ? 'aunt' : 'uncle',
      rand.chance(0.5) ? 'female' : 'male',
      false,
      false,
      family,
      parentAge + rand.int(-8, 8),
    );

  return { children, adults, need: Number(need), socialCareUntil: 0 };
}
