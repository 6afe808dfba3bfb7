/**
 * The two ways a message leaves Baton: an email through GOV.UK Notify (notifications-node-client,
 * template by id, reference = outbox id) and a signed webhook POST. Each answers "sent" or an
 * error saying whether trying again could help.
 */
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';

/** What one delivery attempt came to. */
export type SendResult =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: string; permanent: boolean };

export interface EmailMessage {
  outboxId: string;
  to: string;
  kind: string;
  objectType: string;
  objectId: string;
}

export interface WebhookMessage {
  eventId: string;
  url: string;
  secret: string;
  /** The JSON body exactly as signed and sent. */
  body: string;
}

export interface Senders {
  email: ((m: EmailMessage) => Promise<SendResult>) | null;
  webhook: (m: WebhookMessage) => Promise<SendResult>;
}

export interface NotifySettings {
  /** Notify's API base URL (https://api.notifications.service.gov.uk in production). */
  baseUrl: string;
  /** A Notify API key: name-serviceId-secret. */
  apiKey: string;
  /** The id of the email template; it has ((message)) and ((link)) placeholders. */
  templateId: string;
  /** Baton's public address, for the link in the email. */
  publicUrl: string;
}

interface NotifyClientLike {
  sendEmail(
    templateId: string,
    to: string,
    options: { personalisation: Record<string, string>; reference: string },
  ): Promise<{ status: number }>;
}

const loadNotify = (): new (baseUrl: string, apiKey: string) => NotifyClientLike =>
  (
    createRequire(import.meta.url)('notifications-node-client') as {
      NotifyClient: new (baseUrl: string, apiKey: string) => NotifyClientLike;
    }
  ).NotifyClient;

/** The sentence an email says for a kind of notification: no names, no details. */
export function emailSentence(kind: string): string {
  switch (kind) {
    case 'authorisation-requested':
      return 'A step in Baton is waiting for your authorisation.';
    case 'authorisation-decided':
      return 'A step you asked to be authorised in Baton has been decided.';
    default:
      return 'You have a new notification in Baton.';
  }
}

/** Sends emails through GOV.UK Notify. */
export function notifyEmailSender(s: NotifySettings): (m: EmailMessage) => Promise<SendResult> {
  const client = new (loadNotify())(s.baseUrl, s.apiKey);
  const base = s.publicUrl.replace(/\/+$/, '');
  return async (m) => {
    const link =
      m.objectType === 'work-item'
        ? `${base}/work/${encodeURIComponent(m.objectId)}`
        : `${base}/notifications`;
    try {
      const res = await client.sendEmail(s.templateId, m.to, {
        personalisation: { message: emailSentence(m.kind), link },
        reference: m.outboxId,
      });
      return { ok: true, status: res.status };
    } catch (e) {
      const response = (e as { response?: { status?: number; data?: unknown } }).response;
      const status = response?.status ?? null;
      const detail =
        response?.data !== undefined
          ? JSON.stringify(response.data).slice(0, 300)
          : e instanceof Error
            ? e.message
            : String(e);
      // Notify: 400 and 403 will fail the same way again; 429 and 5xx may pass later.
      const permanent = status !== null && status >= 400 && status < 500 && status !== 429;
      return {
        ok: false,
        status,
        error: `Notify ${String(status ?? 'unreachable')}: ${detail}`,
        permanent,
      };
    }
  };
}

/** The signature header's value: HMAC-SHA256 over `timestamp.body`, hex, with a version tag. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export const WEBHOOK_HEADERS = {
  id: 'baton-event-id',
  timestamp: 'baton-timestamp',
  signature: 'baton-signature',
} as const;

/** POSTs signed JSON; 2xx is delivered. */
export function webhookSender(
  timeoutMs = 10_000,
  clock: () => Date = () => new Date(),
): (m: WebhookMessage) => Promise<SendResult> {
  return async (m) => {
    const timestamp = String(Math.floor(clock().getTime() / 1000));
    try {
      const res = await fetch(m.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_HEADERS.id]: m.eventId,
          [WEBHOOK_HEADERS.timestamp]: timestamp,
          [WEBHOOK_HEADERS.signature]: signWebhook(m.secret, timestamp, m.body),
        },
        body: m.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true, status: res.status };
      return {
        ok: false,
        status: res.status,
        error: `the subscriber answered ${String(res.status)}`,
        // A subscriber that is gone (404, 410) or refuses us may come back: keep trying within
        // the attempt limit, like every other refusal.
        permanent: false,
      };
    } catch (e) {
      return {
        ok: false,
        status: null,
        error: `the subscriber could not be reached: ${e instanceof Error ? e.message : String(e)}`,
        permanent: false,
      };
    }
  };
}
