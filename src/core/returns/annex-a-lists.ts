/**
 * Ofsted's Annex A (child-level lists for an inspection of local authority children's
 * services): the sheets and their column headings, exactly as Ofsted's template spells them.
 * Source: Ofsted, *Inspecting local authority children's services*, Annex A template (the
 * workbook's sheets "List 1" to "List 8"). Lists 9 to 11 (care leavers, adoption) are outside
 * Baton's scope. `recorded: false` marks a column Baton does not record yet: it is written, and
 * left empty, so the workbook keeps the template's shape (docs/returns.md lists them).
 */

/** How a column's cells are written: a date (shown dd/mm/yyyy), a whole number or text. */
export type AnnexAColumnKind = 'date' | 'number' | 'text';

export interface AnnexAColumn {
  heading: string;
  kind: AnnexAColumnKind;
  recorded: boolean;
}

export const ANNEX_A_LIST_IDS = [
  'contacts',
  'earlyHelp',
  'referrals',
  'assessments',
  'section47',
  'childrenInNeed',
  'childProtection',
  'childrenInCare',
] as const;
export type AnnexAListId = (typeof ANNEX_A_LIST_IDS)[number];

export interface AnnexAList {
  id: AnnexAListId;
  /** The template's sheet name. */
  sheet: string;
  /** What the list holds, in Ofsted's words, shortened. */
  title: string;
  columns: readonly AnnexAColumn[];
}

const text = (heading: string, recorded = true): AnnexAColumn => ({
  heading,
  kind: 'text',
  recorded,
});
const date = (heading: string, recorded = true): AnnexAColumn => ({
  heading,
  kind: 'date',
  recorded,
});
const num = (heading: string, recorded = true): AnnexAColumn => ({
  heading,
  kind: 'number',
  recorded,
});

/** Every list starts with the child's id, gender, ethnicity, date of birth and age. */
const CHILD = [
  text('Child Unique ID'),
  text('Gender'),
  text('Ethnicity'),
  date('Date of Birth'),
  num('Age of Child (Years)'),
] as const;
const DISABILITY = text('Does the Child have a Disability');
const ALLOCATED = [text('Allocated Team'), text('Allocated Worker')] as const;

/** The eight lists Baton writes, in the template's order. */
export const ANNEX_A_LISTS: readonly AnnexAList[] = [
  {
    id: 'contacts',
    sheet: 'List 1',
    title: 'Contacts',
    columns: [...CHILD, date('Date of Contact'), text('Contact Source')],
  },
  {
    id: 'earlyHelp',
    sheet: 'List 2',
    title: 'Early help',
    columns: [
      ...CHILD,
      date('Assessment start date'),
      date('Assessment completion date'),
      text('Organisation completing assessment'),
    ],
  },
  {
    id: 'referrals',
    sheet: 'List 3',
    title: 'Referrals',
    columns: [
      ...CHILD,
      date('Date of referral'),
      text('Referral Source'),
      text('Referral NFA?'),
      num('Number of Referrals in Last 12 Months'),
      ...ALLOCATED,
    ],
  },
  {
    id: 'assessments',
    sheet: 'List 4',
    title: 'Assessments',
    columns: [
      ...CHILD,
      DISABILITY,
      date('Continuous Assessment Start Date'),
      text('Child Seen During Continuous Assessment', false),
      date('Continuous Assessment Date of Authorisation'),
      text("Was the child assessed as requiring LA children's social care support?"),
      ...ALLOCATED,
    ],
  },
  {
    id: 'section47',
    sheet: 'List 5',
    title: 'Section 47 enquiries and initial child protection conferences',
    columns: [
      ...CHILD,
      DISABILITY,
      date('Strategy discussion initiating Section 47 Enquiry Start Date'),
      text('Was an Initial Child Protection Conference deemed unnecessary?'),
      date('Date of Initial Child Protection Conference'),
      text('Did the Initial Child Protection Conference Result in a Child Protection Plan'),
      num('Number of Section 47 Enquiries in the last 12 months'),
      num('Number of ICPCs in the last 12 months'),
      ...ALLOCATED,
    ],
  },
  {
    id: 'childrenInNeed',
    sheet: 'List 6',
    title: 'Children in need',
    columns: [
      ...CHILD,
      DISABILITY,
      date('CIN Start Date'),
      text('Primary Need Code'),
      date('Date Child Was Last Seen', false),
      date('CIN Closure Date'),
      text('Reason for Closure'),
      text('Case Status'),
      ...ALLOCATED,
    ],
  },
  {
    id: 'childProtection',
    sheet: 'List 7',
    title: 'Child protection',
    columns: [
      ...CHILD,
      DISABILITY,
      date('Child Protection Plan Start Date'),
      text('Initial Category of Abuse'),
      text('Latest Category of Abuse'),
      date('Date of the Last Statutory Visit', false),
      text('Was the Child Seen Alone?', false),
      date('Date of latest review conference'),
      date('Child Protection Plan End Date'),
      text(
        'Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)',
        false,
      ),
      num('Number of Previous Child Protection Plans'),
      ...ALLOCATED,
    ],
  },
  {
    id: 'childrenInCare',
    sheet: 'List 8',
    title: 'Children in care',
    columns: [
      ...CHILD,
      text('Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)', false),
      DISABILITY,
      date('Date Started to be Looked After'),
      text("Child's Category of Need"),
      text(
        'Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)',
      ),
      date('Start date of current legal status', false),
      text("Child's Legal Status", false),
      date('Date of Latest Statutory Review', false),
      date('Date of Last Social Work Visit', false),
      text('What is the permanence plan for this child?', false),
      date('Date of Last IRO Visit / Contact to the Child', false),
      date('Date of Last Health Assessment', false),
      date('Date of Last Dental Check', false),
      num('Number of Placements in the Last 12 months', false),
      date('Date Ceased to be Looked After'),
      text('Reason Ceased to be Looked After', false),
      date('Start Date of Most Recent Placement', false),
      text('Placement Type', false),
      text('Placement Provider', false),
      text('Placement postcode', false),
      text('URN of Placement', false),
      text('Placement Location', false),
      text('LA of Placement', false),
      num(
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
        false,
      ),
      num(
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
        false,
      ),
      text(
        'Was the child offered a Return Interview after their last missing episode (Y/N)?',
        false,
      ),
      text(
        'Did the child accept a Return Interview after their last missing episode (Y/N)?',
        false,
      ),
      ...ALLOCATED,
    ],
  },
];

/** The list with this id. */
export function annexAList(id: AnnexAListId): AnnexAList {
  const list = ANNEX_A_LISTS.find((l) => l.id === id);
  if (list === undefined) throw new Error(`no Annex A list ${id}`);
  return list;
}
