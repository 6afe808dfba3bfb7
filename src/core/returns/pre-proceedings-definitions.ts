/**
 * The national pre-proceedings (PLO) record, as data: its items, their code lists and where each
 * comes from. Pre-proceedings are national (the Public Law Outline and DfE's statutory guidance
 * apply to every English authority), so this is one definition for every pack, validated with zod
 * when the module loads: a malformed definition stops Baton starting, never a page.
 *
 * The census names (element, DfE item number) are the 2026-27 CIN census specification's module
 * `PreProceedingsandFGDM` (module 5); N00832 and N00835 are inferred from the numbering of the
 * others (the published validation rules name N00826–N00831, N00833 and N00834). The A/B/C meanings of `PPOutcome` (code set CS131) are
 * written from the rules that read them (9009: "the decision … to step up or down"; 9012: the
 * court application follows "the decision to initiate care proceedings"); they are marked
 * `verify` until checked word for word against the published code set.
 */
import { z } from 'zod';
import { citationSchema, slug } from '../schema/primitives.js';

const sourceSchema = z
  .object({
    id: slug,
    title: z.string().min(1),
    publisher: z.string().min(1),
    published: z.string().min(4),
  })
  .strict();

const itemSchema = z
  .object({
    /** The census element (DfE's name, exactly as the XML writes it). */
    element: z.string().regex(/^[A-Za-z]+$/),
    /** DfE's data item number. */
    dfeItem: z.string().regex(/^N\d{5}$/),
    label: z.string().min(1),
    hint: z.string().min(1),
    citations: z.array(citationSchema).min(1),
  })
  .strict();

const codeSchema = z
  .object({
    code: z.string().min(1),
    label: z.string().min(1),
    hint: z.string().min(1),
    /** True while the meaning is written from the rules rather than the code set itself. */
    verify: z.boolean().optional(),
  })
  .strict();

const definitionsSchema = z
  .object({
    /** The first census year with the module: never written before it. */
    firstCensusYear: z.string().regex(/^\d{4}-\d{2}$/),
    sources: z.array(sourceSchema).min(1),
    items: z.array(itemSchema).min(1),
    outcomes: z.array(codeSchema.extend({ code: z.enum(['A', 'B', 'C']) })).length(3),
    /** How the census writes a yes/no FGDM answer (xs:boolean; DfE's examples use 1 and 0). */
    fgdmValues: z.array(codeSchema.extend({ code: z.enum(['1', '0']) })).length(2),
  })
  .strict()
  .superRefine((d, ctx) => {
    const ids = new Set(d.sources.map((s) => s.id));
    d.items.forEach((item, i) => {
      item.citations.forEach((c, j) => {
        if (!ids.has(c.source))
          ctx.addIssue({
            code: 'custom',
            path: ['items', i, 'citations', j, 'source'],
            message: `unknown source "${c.source}"`,
          });
      });
    });
  });

export type PreProceedingsDefinitions = z.infer<typeof definitionsSchema>;

const PD12A = 'pd12a';
const DFE_PLO = 'dfe-court-orders-2014';
const PLWG = 'plwg-2021';
const CIN = 'cin-census-2026-27';

const data: unknown = {
  firstCensusYear: '2026-27',
  sources: [
    {
      id: PD12A,
      title: 'Family Procedure Rules, Practice Direction 12A: Public Law Outline',
      publisher: 'Ministry of Justice',
      published: '2014',
    },
    {
      id: DFE_PLO,
      title:
        'Court orders and pre-proceedings for local authorities (statutory guidance), April 2014',
      publisher: 'Department for Education',
      published: '2014',
    },
    {
      id: PLWG,
      title:
        'Public Law Working Group: recommendations to achieve best practice in the child protection and family justice systems (final report)',
      publisher: 'Public Law Working Group',
      published: '2021',
    },
    {
      id: CIN,
      title:
        'Children in need census 2026 to 2027: business and technical specification, and validation rules',
      publisher: 'Department for Education',
      published: '2025',
    },
  ],
  items: [
    {
      element: 'PPStartDate',
      dfeItem: 'N00826',
      label: 'When pre-proceedings began',
      hint: 'The day of the legal gateway or legal planning meeting (or other decision-making forum) that decided to begin pre-proceedings.',
      citations: [
        {
          source: DFE_PLO,
          section: 'Pre-proceedings: the decision to send a letter before proceedings',
        },
        { source: CIN, section: 'Module 5, PPStartDate; rule 9005' },
      ],
    },
    {
      element: 'LBPSentDate',
      dfeItem: 'N00827',
      label: 'Letter before proceedings sent',
      hint: 'The day the letter before proceedings was sent to the parents and others with parental responsibility.',
      citations: [
        { source: PD12A, section: 'Pre-proceedings checklist: letter before proceedings' },
        { source: DFE_PLO, section: 'Annex A: letter before proceedings' },
        { source: CIN, section: 'Module 5, LBPSentDate; rule 9006' },
      ],
    },
    {
      element: 'FGDMMeetingOffer',
      dfeItem: 'N00828',
      label: 'Family group decision-making meeting offered',
      hint: 'Whether the letter before proceedings offered a family group conference or other family group decision-making meeting.',
      citations: [
        {
          source: PLWG,
          section: 'Best practice guidance, pre-proceedings: family group conferences',
        },
        { source: CIN, section: 'Module 5, FGDMMeetingOffer; rule 9007' },
      ],
    },
    {
      element: 'FGDMMeetingFac',
      dfeItem: 'N00829',
      label: 'Family group decision-making meeting held',
      hint: 'Whether a family group decision-making meeting was facilitated during pre-proceedings after it was offered.',
      citations: [
        {
          source: PLWG,
          section: 'Best practice guidance, pre-proceedings: family group conferences',
        },
        { source: CIN, section: 'Module 5, FGDMMeetingFac; rule 9010Q' },
      ],
    },
    {
      element: 'InitialPPMeetingDate',
      dfeItem: 'N00830',
      label: 'First pre-proceedings meeting',
      hint: 'The day of the first effective pre-proceedings meeting with the parents and their lawyers.',
      citations: [
        { source: DFE_PLO, section: 'The pre-proceedings meeting' },
        { source: CIN, section: 'Module 5, InitialPPMeetingDate; rule 9008' },
      ],
    },
    {
      element: 'ReviewMeetingsCount',
      dfeItem: 'N00831',
      label: 'Review meetings held',
      hint: 'How many pre-proceedings review meetings were held after the first meeting (Baton counts the review meetings recorded).',
      citations: [
        { source: PLWG, section: 'Best practice guidance, pre-proceedings: review meetings' },
        { source: CIN, section: 'Module 5, ReviewMeetingsCount; rule 9015Q' },
      ],
    },
    {
      element: 'StepDecisionDate',
      dfeItem: 'N00832',
      label: 'Decision to step up or down',
      hint: 'The day the authority decided how pre-proceedings end: step down, issue care proceedings, or end for another reason.',
      citations: [
        {
          source: PLWG,
          section: 'Best practice guidance: the length of pre-proceedings and its review',
        },
        { source: CIN, section: 'Module 5, StepDecisionDate; rule 9009' },
      ],
    },
    {
      element: 'PPOutcome',
      dfeItem: 'N00833',
      label: 'Outcome of pre-proceedings',
      hint: 'The outcome decided on the step decision date.',
      citations: [{ source: CIN, section: 'Module 5, PPOutcome (code set CS131); rule 9011' }],
    },
    {
      element: 'CourtAppDate',
      dfeItem: 'N00834',
      label: 'Court application made',
      hint: 'The day the authority applied to court to begin care proceedings.',
      citations: [
        { source: PD12A, section: 'Stage 1: issue and the first appointment' },
        { source: CIN, section: 'Module 5, CourtAppDate; rule 9012' },
      ],
    },
    {
      element: 'LetterInitCPDate',
      dfeItem: 'N00835',
      label: 'Letter to initiate care proceedings sent',
      hint: 'The day the letter telling the parents that care proceedings are being started was sent.',
      citations: [
        { source: DFE_PLO, section: 'Annex B: letter of issue' },
        { source: CIN, section: 'Module 5, LetterInitCPDate; rule 9013' },
      ],
    },
  ],
  outcomes: [
    {
      code: 'A',
      label: 'Step down: pre-proceedings ended without care proceedings',
      hint: 'The concerns reduced enough to continue under a child protection or child in need plan.',
      verify: true,
    },
    {
      code: 'B',
      label: 'Step up: decision to start care proceedings',
      hint: 'The authority decided to apply to court; record the application and the letter to initiate proceedings.',
      verify: true,
    },
    {
      code: 'C',
      label: 'Pre-proceedings ended for another reason',
      hint: 'For example, the child moved to another authority or came into care with the parents’ agreement.',
      verify: true,
    },
  ],
  fgdmValues: [
    { code: '1', label: 'Yes', hint: 'Offered (or held).' },
    { code: '0', label: 'No', hint: 'Not offered (or not held).' },
  ],
};

/** The national pre-proceedings definitions, checked once when the module loads. */
export const PRE_PROCEEDINGS: PreProceedingsDefinitions = definitionsSchema.parse(data);

/** The pre-proceedings outcome codes (CS131). */
export const PP_OUTCOMES = ['A', 'B', 'C'] as const;
export type PpOutcome = (typeof PP_OUTCOMES)[number];

/** True when `value` is an outcome code the definitions list. */
export function isPpOutcome(value: unknown): value is PpOutcome {
  return typeof value === 'string' && PRE_PROCEEDINGS.outcomes.some((o) => o.code === value);
}

/** Check a definitions object against the schema (for tests of the schema itself). */
export function parsePreProceedingsDefinitions(input: unknown): PreProceedingsDefinitions {
  return definitionsSchema.parse(input);
}
