/** Schema building blocks shared by the policy pack and workflow formats. */
import { z } from 'zod';

/** Ids: lower-case letters, digits and single hyphens. */
export const slug = z
  .string()
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    'use lower-case letters, digits and single hyphens (kebab-case)',
  );

/** A calendar date, written YYYY-MM-DD, that exists (no 30 February). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date in the form YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'use a real date');

/** Where a rule comes from: a source document declared in the pack and a section of it. */
export const citationSchema = z
  .object({
    source: slug.describe('id of a document listed under `sources` (this pack or the base pack)'),
    section: z
      .string()
      .min(1)
      .describe('section, appendix, table or page, e.g. "Appendix 1, Level 2"'),
    quote: z.string().optional().describe('a short quotation from the source, where it helps'),
  })
  .strict();
export type Citation = z.infer<typeof citationSchema>;
