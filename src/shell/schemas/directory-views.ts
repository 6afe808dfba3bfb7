/** A contact from the pack's directory as the API answers it: who to call, and when. */
import { z } from 'zod';

export const directoryContactView = z.object({
  id: z.string(),
  name: z.string(),
  purpose: z.string(),
  phones: z.array(
    z.object({
      number: z.string(),
      label: z.string().optional(),
      option: z.string().optional(),
      hours: z.string().optional(),
    }),
  ),
  online: z.object({ label: z.string(), url: z.string() }).optional(),
});
export type DirectoryContactView = z.infer<typeof directoryContactView>;
