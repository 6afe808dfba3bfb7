/** The OpenAPI shape of a pack's workflows in GET /api/policy-packs/{id}. */
import { z } from 'zod';
import { agencyKinds, roles } from '../../core/access/index.js';

const citation = z.object({
  source: z.string(),
  section: z.string(),
  quote: z.string().optional(),
});

const deadline = z.object({
  id: z.string(),
  name: z.string(),
  within: z.string().describe('e.g. "30 working days", "24 hours"'),
  citation: citation.nullable(),
});

const stateRef = z.object({ id: z.string(), name: z.string() });

const step = z.object({
  id: z.string(),
  name: z.string(),
  role: z
    .string()
    .nullable()
    .describe('what Baton uses the step for (docs/policy-packs.md, "What Baton relies on")'),
  from: z.array(stateRef),
  to: stateRef,
  outcome: z.string().nullable(),
  requestedBy: z.array(z.enum(roles)).describe('who may ask for the step'),
  authorisedBy: z.array(z.enum(roles)).describe('who must agree; empty when no one need'),
  authorisedIn: z.enum(agencyKinds).nullable(),
  guards: z
    .array(z.object({ guard: z.string(), text: z.string(), citation }))
    .describe('rules that must hold'),
  requires: z
    .array(z.object({ field: z.string(), label: z.string(), citation }))
    .describe('what the step must carry'),
  opensDeadlines: z.array(deadline),
  closesDeadlines: z.array(deadline),
  notify: z.array(z.string()),
  handsTo: z.enum(agencyKinds).nullable(),
  starts: z
    .object({ workflow: z.string(), name: z.string(), state: z.string().nullable() })
    .nullable()
    .describe('the next piece of work, begun in the same step'),
  citation,
});

export const packWorkflowSchema = z.object({
  id: z.string(),
  name: z.string(),
  initial: z.string(),
  states: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      final: z.boolean(),
      level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).nullable(),
    }),
  ),
  startedBy: z.array(z.enum(roles)),
  opensDeadlines: z.array(deadline),
  steps: z.array(step),
  citation,
});
