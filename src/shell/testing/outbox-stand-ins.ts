/**
 * Local stand-ins for what the outbox talks to, for tests and the bench: GOV.UK Notify's email
 * API (checking the JWT the real client signs, as Notify does) and a webhook receiver (checking
 * the HMAC signature and dropping repeats by event id, as a subscriber should). Each listens on a
 * free loopback port and records what arrived.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

/** A Notify API key for tests: name-serviceId-secret, as Notify issues them. */
export const TEST_NOTIFY_SERVICE_ID = '26785a09-ab16-4eb0-8407-a37497a57506';
export const TEST_NOTIFY_SECRET = '3d844edf-8d35-48ac-975b-e847b4f122b0';
export const TEST_NOTIFY_API_KEY = `baton_test-${TEST_NOTIFY_SERVICE_ID}-${TEST_NOTIFY_SECRET}`;
export const TEST_TEMPLATE_ID = 'f33517ff-2a88-4f6e-b855-c550268ce08a';

export interface NotifyEmail {
  template_id: string;
  email_address: string;
  personalisation: Record<string, string>;
  reference: string;
}

export interface NotifyStandIn {
  url: string;
  emails: NotifyEmail[];
  /** Requests refused for a bad or missing token. */
  refusedAuth: number;
  /** Answer the next n requests with this status (e.g. 500) before accepting. */
  failNext(n: number, status: number): void;
  close(): Promise<void>;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** Verify a Notify-style JWT (HS256, iss = service id, iat within 30 s). */
export function verifyNotifyJwt(
  header: string | undefined,
  serviceId: string,
  secret: string,
  nowSeconds = Date.now() / 1000,
): boolean {
  const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
  const [h, p, s] = token?.split('.') ?? [];
  if (h === undefined || p === undefined || s === undefined) return false;
  const expected = Buffer.from(
    createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url'),
  );
  const given = Buffer.from(s);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  const head = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string };
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as {
    iss?: string;
    iat?: number;
  };
  return (
    head.alg === 'HS256' &&
    claims.iss === serviceId &&
    typeof claims.iat === 'number' &&
    Math.abs(nowSeconds - claims.iat) <= 30
  );
}
// Exported for a negative test: a token signed with another secret must be refused.
export const signTestJwt = (serviceId: string, secret: string): string => {
  const h = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
  const p = b64url(JSON.stringify({ iss: serviceId, iat: Math.round(Date.now() / 1000) }));
  return `${h}.${p}.${createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url')}`;
};

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address();
  return `http://127.0.0.1:${String(typeof a === 'object' && a !== null ? a.port : 0)}`;
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => {
      resolve();
    });
  });

/** Notify's POST /v2/notifications/email, answering as Notify does (201 and a notification). */
export async function startNotifyStandIn(): Promise<NotifyStandIn> {
  let failing = 0;
  let failStatus = 500;
  const state: Pick<NotifyStandIn, 'emails' | 'refusedAuth'> = { emails: [], refusedAuth: 0 };
  const server = createServer((req, res) => {
    void (async () => {
      const text = await body(req);
      const reply = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (req.method !== 'POST' || req.url !== '/v2/notifications/email') {
        reply(404, { errors: [{ error: 'NotFound' }] });
        return;
      }
      if (!verifyNotifyJwt(req.headers.authorization, TEST_NOTIFY_SERVICE_ID, TEST_NOTIFY_SECRET)) {
        state.refusedAuth++;
        reply(403, {
          status_code: 403,
          errors: [{ error: 'AuthError', message: 'Invalid token' }],
        });
        return;
      }
      if (failing > 0) {
        failing--;
        reply(failStatus, { status_code: failStatus, errors: [{ error: 'Exception' }] });
        return;
      }
      const email = JSON.parse(text) as NotifyEmail;
      state.emails.push(email);
      reply(201, {
        id: `n-${String(state.emails.length)}`,
        reference: email.reference,
        content: { subject: 'Baton', body: '', from_email: 'baton@notify.example' },
        uri: '',
        template: { id: email.template_id, version: 1, uri: '' },
      });
    })();
  });
  const url = await listen(server);
  return {
    url,
    get emails() {
      return state.emails;
    },
    get refusedAuth() {
      return state.refusedAuth;
    },
    failNext(n, status) {
      failing = n;
      failStatus = status;
    },
    close: () => closeServer(server),
  };
}

export interface WebhookDelivery {
  eventId: string;
  timestamp: number;
  body: { id: string; type: string; createdAt: string; data: Record<string, string | null> };
  receivedAt: number;
}

export interface WebhookReceiver {
  url: string;
  /** Deliveries with a valid signature, including repeats. */
  deliveries: WebhookDelivery[];
  /** The first delivery of each event id (what a subscriber acts on). */
  unique: Map<string, WebhookDelivery>;
  /** Requests refused for a bad signature or stale timestamp. */
  badSignatures: number;
  /** Signed requests that arrived (counted before any delay or answer). */
  arrived: number;
  failNext(n: number, status: number): void;
  /** Hold each request this long before answering (to kill a worker mid-delivery). */
  delayMs: number;
  close(): Promise<void>;
}

/** A webhook subscriber that checks `baton-signature` = v1=HMAC-SHA256(secret, `ts.body`). */
export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  let failing = 0;
  let failStatus = 500;
  const r = {
    deliveries: [] as WebhookDelivery[],
    unique: new Map<string, WebhookDelivery>(),
    badSignatures: 0,
    arrived: 0,
    delayMs: 0,
  };
  const server = createServer((req, res) => {
    void (async () => {
      const text = await body(req);
      const ts = String(req.headers['baton-timestamp'] ?? '');
      const sig = String(req.headers['baton-signature'] ?? '');
      const expected = `v1=${createHmac('sha256', secret).update(`${ts}.${text}`).digest('hex')}`;
      const fresh = Math.abs(Date.now() / 1000 - Number(ts)) <= 300;
      if (
        !fresh ||
        sig.length !== expected.length ||
        !timingSafeEqual(Buffer.from(sig), Buffer.from(expected))
      ) {
        r.badSignatures++;
        res.writeHead(401).end();
        return;
      }
      r.arrived++;
      if (r.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, r.delayMs));
      if (failing > 0) {
        failing--;
        res.writeHead(failStatus).end();
        return;
      }
      const parsed = JSON.parse(text) as WebhookDelivery['body'];
      const eventId = String(req.headers['baton-event-id'] ?? '');
      const d = { eventId, timestamp: Number(ts), body: parsed, receivedAt: Date.now() };
      r.deliveries.push(d);
      if (!r.unique.has(eventId)) r.unique.set(eventId, d);
      res.writeHead(204).end();
    })();
  });
  const url = await listen(server);
  return Object.assign(r, {
    url,
    failNext(n: number, status: number) {
      failing = n;
      failStatus = status;
    },
    close: () => closeServer(server),
  });
}
