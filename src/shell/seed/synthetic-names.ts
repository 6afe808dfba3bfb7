/**
 * Invented people and places for the synthetic authority: given and family names combined
 * deterministically, street names, postcodes in one made-up town's districts, and NHS numbers
 * only from the range reserved for testing (999…) with a valid modulus 11 check digit.
 */
import { nhsCheckDigit } from '../../core/people/index.js';
import type { SeededRandom } from './seeded-random.js';

const GIRLS = [
  'Ada',
  'Amara',
  'Anya',
  'Aria',
  'Bea',
  'Bonnie',
  'Cara',
  'Clara',
  'Daisy',
  'Delia',
  'Edie',
  'Elsie',
  'Ember',
  'Esme',
  'Faye',
  'Freya',
  'Gemma',
  'Grace',
  'Hana',
  'Hattie',
  'Ines',
  'Iris',
  'Isla',
  'Ivy',
  'Jada',
  'Juno',
  'Kara',
  'Kezia',
  'Lara',
  'Lila',
  'Maisie',
  'Maya',
  'Mila',
  'Nell',
  'Nia',
  'Nora',
  'Orla',
  'Olive',
  'Pearl',
  'Phoebe',
  'Quinn',
  'Rosa',
  'Ruby',
  'Sadie',
  'Skye',
  'Sofia',
  'Talia',
  'Thea',
  'Una',
  'Vera',
  'Willa',
  'Wren',
  'Yara',
  'Zara',
  'Zoe',
  'Aisha',
  'Fatima',
  'Leah',
  'Megan',
  'Erin',
  'Poppy',
  'Evie',
  'Lily',
  'Amelia',
  'Ella',
  'Harper',
  'Imogen',
  'Jasmine',
  'Keira',
  'Lucy',
];
const BOYS = [
  'Abel',
  'Alfie',
  'Arlo',
  'Aron',
  'Bram',
  'Caleb',
  'Cian',
  'Dara',
  'Eli',
  'Ezra',
  'Felix',
  'Finn',
  'Gabe',
  'Hugo',
  'Ibrahim',
  'Idris',
  'Jago',
  'Jonah',
  'Kai',
  'Kit',
  'Leo',
  'Luca',
  'Milo',
  'Nico',
  'Noah',
  'Otis',
  'Owen',
  'Reuben',
  'Rafe',
  'Remy',
  'Rory',
  'Sami',
  'Seth',
  'Silas',
  'Theo',
  'Tobi',
  'Ted',
  'Vince',
  'Wilf',
  'Yusuf',
  'Zane',
  'Ayaan',
  'Callum',
  'Dylan',
  'Ewan',
  'Harvey',
  'Isaac',
  'Jack',
  'Kian',
  'Logan',
  'Mason',
  'Nathan',
  'Oscar',
  'Reggie',
  'Stanley',
  'Tyler',
  'Zac',
  'Omar',
];
const ADULT_WOMEN = [
  'Rowan',
  'Sasha',
  'Alex',
  'Gwen',
  'Helen',
  'Joanne',
  'Karen',
  'Laura',
  'Marie',
  'Nadia',
  'Paula',
  'Rachel',
  'Sian',
  'Tanya',
  'Vicky',
  'Yvonne',
  'Claire',
  'Donna',
  'Emma',
  'Gail',
  'Kerry',
  'Lisa',
  'Michelle',
  'Natalie',
  'Sharon',
  'Stacey',
  'Zainab',
  'Shabnam',
  'Beata',
  'Agnieszka',
];
const ADULT_MEN = [
  'Ellis',
  'Adam',
  'Barry',
  'Carl',
  'Darren',
  'Gareth',
  'Ian',
  'Jason',
  'Kevin',
  'Lee',
  'Mark',
  'Neil',
  'Paul',
  'Ryan',
  'Scott',
  'Stuart',
  'Wayne',
  'Craig',
  'Dean',
  'Gavin',
  'Imran',
  'Tariq',
  'Marek',
  'Tomasz',
  'Kwame',
  'Dev',
  'Rhys',
  'Shaun',
  'Liam',
  'Martin',
];
/** Family names from invented syllables: none belongs to a real family we know of, by design. */
const FAMILY_STARTS = [
  'Ash',
  'Bar',
  'Brack',
  'Brom',
  'Cald',
  'Carr',
  'Cole',
  'Dun',
  'Elm',
  'Fen',
  'Fair',
  'Gar',
  'Glen',
  'Hal',
  'Hart',
  'Hol',
  'Kes',
  'Kirk',
  'Lang',
  'Lark',
  'Marl',
  'Mill',
  'Moss',
  'Nor',
  'Oak',
  'Pen',
  'Quill',
  'Rad',
  'Ravens',
  'Rook',
  'Sel',
  'Shaw',
  'Stan',
  'Thorn',
  'Tren',
  'Wald',
  'Wex',
  'Whit',
  'Wick',
  'Yar',
];
const FAMILY_ENDS = [
  'bury',
  'by',
  'combe',
  'croft',
  'dale',
  'don',
  'field',
  'ford',
  'gate',
  'ham',
  'hurst',
  'ley',
  'low',
  'more',
  'ridge',
  'stead',
  'ton',
  'well',
  'wood',
  'worth',
];
const STREETS = [
  'Acre',
  'Beech',
  'Brook',
  'Chapel',
  'Church',
  'Clover',
  'Elm',
  'Fern',
  'Hazel',
  'Heather',
  'Kiln',
  'Linden',
  'Maple',
  'Meadow',
  'Mill',
  'Orchard',
  'Poplar',
  'Quarry',
  'Rowan',
  'Station',
  'Tannery',
  'Vicarage',
  'Willow',
  'Yew',
];
const STREET_KINDS = ['Street', 'Road', 'Close', 'Avenue', 'Lane', 'Way', 'Grove', 'Court'];
/** Postcode areas that do not exist in the UK, so no synthetic address is anyone's home. */
const POSTCODE_AREAS = ['ZA', 'ZB', 'ZC'];
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** An invented family name; about one in eight is double-barrelled. */
export function familyName(rand: SeededRandom): string {
  const one = (): string => `${rand.pick(FAMILY_STARTS)}${rand.pick(FAMILY_ENDS)}`;
  return rand.chance(0.12) ? `${one()}-${one()}` : one();
}

/** A child's given name for the recorded gender. */
export function childGivenName(rand: SeededRandom, gender: 'female' | 'male'): string {
  return rand.pick(gender === 'female' ? GIRLS : BOYS);
}

/** An adult's given name. */
export function adultGivenName(rand: SeededRandom, gender: 'female' | 'male'): string {
  return rand.pick(gender === 'female' ? ADULT_WOMEN : ADULT_MEN);
}

/** A household's address and postcode: districts 1–30 of three made-up postcode areas. */
export function homeAddress(rand: SeededRandom): { address: string; postcode: string } {
  const outward = `${rand.pick(POSTCODE_AREAS)}${String(rand.int(1, 30))}`;
  const letter = (): string => INWARD_LETTERS.charAt(rand.int(0, INWARD_LETTERS.length - 1));
  const inward = `${String(rand.int(0, 9))}${letter()}${letter()}`;
  return {
    address: `${String(rand.int(1, 180))} ${rand.pick(STREETS)} ${rand.pick(STREET_KINDS)}, Millbrook`,
    postcode: `${outward} ${inward}`,
  };
}

/**
 * NHS numbers from the testing range, in a seed-dependent order: 999 followed by six digits and
 * the modulus 11 check digit; nine-digit stems with no valid check digit are skipped.
 */
export class TestNhsNumbers {
  private stem: number;

  constructor(seed: number) {
    // Start away from 999 000 …, where the hand-written demo families' numbers are.
    this.stem = 999_100_000 + ((seed >>> 0) % 400_000);
  }

  next(): string {
    for (;;) {
      this.stem += 1;
      if (this.stem > 999_999_999) this.stem = 999_100_001;
      const nine = String(this.stem);
      const check = nhsCheckDigit(nine);
      if (check !== null) return `${nine}${String(check)}`;
    }
  }
}
