/**
 * An API client's own webhook subscriptions (issue 15 §4): a client whose token has
 * `webhooks:receive` registers, lists and removes its endpoints. A person signed in has none:
 * subscribers are clients. Each change is audited as the client's service user.
 */
import { BatonError } from '../../core/errors/error-catalogue.js';
import {
  addSubscription,
  listSubscriptions,
  removeSubscription,
  type Subscription,
} from '../outbox/subscriptions.js';
import { appendAudit } from '../repositories/index.js';
import type { Session } from '../session/index.js';

export { EVENT_TYPES } from '../outbox/enqueue.js';

/** The calling client, as the request context plugin found it from the bearer token. */
export interface CallingClient {
  clientId: string;
  name: string;
}

function clientOf(client: CallingClient | null): CallingClient {
  if (client === null)
    throw new BatonError('BATON_FORBIDDEN', {
      message:
        'Webhook subscriptions belong to API clients: call with a client token that has the webhooks:receive scope.',
    });
  return client;
}

/** Register an endpoint for the calling client; the signing secret is returned once. */
export async function subscribeWebhook(
  session: Session,
  caller: CallingClient | null,
  s: { url: string; events: readonly string[]; secret?: string | undefined },
): Promise<Subscription & { secret: string }> {
  const client = clientOf(caller);
  return session.transaction(async (tx) => {
    const added = await addSubscription(tx.db, {
      name: client.name,
      url: s.url,
      eventTypes: s.events,
      ...(s.secret !== undefined ? { secret: s.secret } : {}),
      now: tx.now,
      clientId: client.clientId,
    });
    await appendAudit(tx.db, tx.ctx, {
      action: 'webhook.subscribe',
      outcome: 'allowed',
      objectType: 'webhook-subscription',
      objectId: added.id,
      reason: `client ${client.name}; events ${s.events.join(',')}`,
    });
    return added;
  });
}

/** The calling client's subscriptions (never another client's). */
export async function listClientWebhooks(
  session: Session,
  caller: CallingClient | null,
): Promise<Subscription[]> {
  const client = clientOf(caller);
  return listSubscriptions(session.db, { clientId: client.clientId });
}

/** Remove one of the calling client's subscriptions (BATON_NOT_FOUND for any other). */
export async function unsubscribeWebhook(
  session: Session,
  caller: CallingClient | null,
  id: string,
): Promise<void> {
  const client = clientOf(caller);
  await session.transaction(async (tx) => {
    await removeSubscription(tx.db, id, { clientId: client.clientId });
    await appendAudit(tx.db, tx.ctx, {
      action: 'webhook.unsubscribe',
      outcome: 'allowed',
      objectType: 'webhook-subscription',
      objectId: id,
      reason: `client ${client.name}`,
    });
  });
}
