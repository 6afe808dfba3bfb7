/**
 * Work moving through a policy pack's workflow: a front-door contact, an early help episode…
 * Here: reading a piece of work. Taking a step is in step-request-repository.ts, deciding a
 * request that waits for a manager in step-decision-repository.ts; what they share (access to the
 * work, its pack, what the effect rules need looked up) in work-step-support.ts.
 */
import type { Kysely } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import type { Database } from '../db/index.js';
import type { TransitionOutcome } from '../schemas/index.js';
import { appendAudit } from './audit-repository.js';
import type { RequestContext } from './request-context.js';
import { loadWorkItem, type WorkItem } from './work-items.js';
import { authoriseWork } from './work-step-support.js';

export type { TransitionOutcome };

export { firstChildOf, loadWorkItem, type WorkItem } from './work-items.js';
export { startWork, workflowOf, type StartWork } from './work-start.js';

/** Load a work item; checks the actor may read each child it concerns. */
export async function getWorkItem(
  db: Kysely<Database>,
  ctx: RequestContext,
  packs: ReadonlyMap<string, ResolvedPack>,
  id: string,
): Promise<WorkItem> {
  const item = await loadWorkItem(db, packs, id);
  if (!item)
    throw new BatonError('BATON_NOT_FOUND', { message: 'There is no work item with that id.' });
  await authoriseWork(db, ctx, item, 'read', 'work-item.read');
  await appendAudit(db, ctx, {
    action: 'work-item.read',
    objectType: 'work-item',
    objectId: id,
    outcome: 'allowed',
  });
  return item;
}
