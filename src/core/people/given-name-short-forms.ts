/** Common English given names and their short forms, for intake matching. */

/**
 * Common English given names and their short forms, one group a line. A name may sit in more than
 * one group (Jon: John, Jonathan). Deliberately small: it covers frequent short forms that share
 * neither sound nor spelling with the full name (Bill / William), which the phonetic and spelling
 * tests would miss; it is not a list of every diminutive.
 */
const SHORT_FORMS: readonly string[] = [
  'abigail abi abby',
  'alexander alex alec alfie',
  'alexandra alex alexa lexi',
  'alfred alf alfie',
  'andrew andy drew',
  'anthony antony tony',
  'benjamin ben benji benny',
  'catherine katherine kathryn kate katie kathy cathy kat cat',
  'charles charlie chas',
  'charlotte charlie lottie',
  'christopher chris',
  'christine christina chris chrissie tina',
  'daniel dan danny',
  'david dave davy',
  'deborah debbie debra deb',
  'edward ed eddie ted ned',
  'eleanor ellie nell nora',
  'elizabeth liz lizzie beth betty eliza libby bess',
  'frederick fred freddie',
  'henry harry hal hank',
  'isabella isabel isobel bella izzy',
  'jacob jake',
  'james jim jimmy jamie',
  'jennifer jen jenny',
  'john jon johnny jack',
  'jonathan jon jonny',
  'joseph joe joey',
  'joshua josh',
  'margaret maggie meg peggy',
  'mary molly polly',
  'matthew matt',
  'michael mike mikey mick',
  'nicholas nick nicky',
  'oliver ollie',
  'olivia liv livvy',
  'patricia pat patsy trish',
  'patrick pat paddy',
  'peter pete',
  'philip phillip phil',
  'rebecca becky becca',
  'richard rich rick ricky dick',
  'robert rob robbie bob bobby bert',
  'samuel sam sammy',
  'samantha sam sammy',
  'sarah sally',
  'stephen steven steve',
  'susan sue susie',
  'theodore theo ted',
  'thomas tom tommy',
  'timothy tim timmy',
  'victoria vicky tori',
  'william will bill billy liam',
  'zachary zach zack',
];

const shortFormGroups = new Map<string, number[]>();
SHORT_FORMS.forEach((group, index) => {
  for (const name of group.split(' ')) {
    shortFormGroups.set(name, [...(shortFormGroups.get(name) ?? []), index]);
  }
});

/** True when two normalised given names share a short-form group (jon / jonathan). */
export function shortFormOf(x: string, y: string): boolean {
  const xGroups = shortFormGroups.get(x);
  const yGroups = shortFormGroups.get(y);
  return xGroups !== undefined && yGroups !== undefined && xGroups.some((g) => yGroups.includes(g));
}

/** Every normalised given name that shares a short-form group with `x` (jon: john, jonathan…). */
export function shortFormsOf(x: string): string[] {
  const groups = shortFormGroups.get(x) ?? [];
  return [...new Set(groups.flatMap((g) => (SHORT_FORMS[g] ?? '').split(' ')))].filter(
    (name) => name !== x,
  );
}
