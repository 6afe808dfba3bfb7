/**
 * The contact form's draft, kept between question pages in HttpOnly cookies scoped to
 * /contacts/new: compressed, encrypted and authenticated (AES-256-GCM), and split across a few
 * cookies when long. Baton has no server-side session store, and hidden fields would not survive
 * the "Change" links on check-your-answers, which are plain links. Nothing reaches the database
 * until the referrer sends the contact, and every answer is checked again then. A tampered or
 * foreign cookie fails authentication and is ignored.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { LevelNumber } from '../../../core/policy/index.js';
import { CONTACT_LIMITS } from '../../use-cases/contact-schema.js';

export const DRAFT_PATH = '/contacts/new';
const COOKIE = 'baton_contact';
const CHUNK = 3500;
const MAX_CHUNKS = 8;

// A draft holds what was typed, up to the longest field a contact takes; the use-case checks each.
const str = z.string().max(CONTACT_LIMITS.concerns).catch('');
const childSchema = z.object({
  givenName: str,
  familyName: str,
  dobDay: str,
  dobMonth: str,
  dobYear: str,
  unborn: z.boolean().catch(false),
  nhsNumber: str,
});
const adultSchema = z.object({
  givenName: str,
  familyName: str,
  relationship: str,
  parentalResponsibility: str,
  livesWithChild: str,
  children: z.array(z.number().int().min(0)).catch([]),
  // Where they live (the GOV.UK address pattern), optional; a draft from before these had none.
  addressLine1: str,
  addressLine2: str,
  town: str,
  postcode: str,
  // Their telephone number, optional (issue 14: "the family's address and phone").
  phone: str,
});
const draftSchema = z.object({
  key: z.string().min(1),
  thresholdCheckId: str,
  suggestedLevel: str,
  channel: str,
  referrerName: str,
  referrerAgency: str,
  referrerPhone: str,
  children: z.array(childSchema).max(20).catch([]),
  adults: z.array(adultSchema).max(20).catch([]),
  parentDetailsUnknownReason: str,
  concerns: str,
  referrerLevel: str,
  urgency: str,
  familySpokenTo: str,
  familyNotSpokenToReason: str,
  consentDecision: str,
  notSoughtReason: str,
  consulted: str,
  consentNotes: str,
  consentGivenBy: str,
  earlyHelpConsent: str,
  completed: z.array(z.string()).catch([]),
});
export type ContactDraft = z.infer<typeof draftSchema>;
export type DraftChild = z.infer<typeof childSchema>;
export type DraftAdult = z.infer<typeof adultSchema>;

export const blankChild = (): DraftChild => ({
  givenName: '',
  familyName: '',
  dobDay: '',
  dobMonth: '',
  dobYear: '',
  unborn: false,
  nhsNumber: '',
});
export const blankAdult = (): DraftAdult => ({
  givenName: '',
  familyName: '',
  relationship: '',
  parentalResponsibility: '',
  livesWithChild: '',
  children: [],
  addressLine1: '',
  addressLine2: '',
  town: '',
  postcode: '',
  phone: '',
});

/** A fresh draft, optionally pre-filled from a levels-of-need check. */
export function newDraft(prefill?: {
  thresholdCheckId: string;
  concerns: string;
  referrerLevel: LevelNumber;
  urgency: string | null;
  suggestedLevel: LevelNumber;
}): ContactDraft {
  return {
    key: `page-${randomUUID()}`,
    thresholdCheckId: prefill?.thresholdCheckId ?? '',
    suggestedLevel: prefill ? String(prefill.suggestedLevel) : '',
    channel: '',
    referrerName: '',
    referrerAgency: '',
    referrerPhone: '',
    children: [blankChild()],
    adults: [],
    parentDetailsUnknownReason: '',
    concerns: prefill?.concerns ?? '',
    referrerLevel: prefill ? String(prefill.referrerLevel) : '',
    urgency: prefill?.urgency ?? '',
    familySpokenTo: '',
    familyNotSpokenToReason: '',
    consentDecision: '',
    notSoughtReason: '',
    consulted: '',
    consentNotes: '',
    consentGivenBy: '',
    earlyHelpConsent: '',
    completed: [],
  };
}

/** What seals a draft: the server's cookie secret, and the person it belongs to. */
export interface DraftSeal {
  secret: string;
  userId: string;
  secure: boolean;
}

// AES-256-GCM with a key derived from the cookie secret: the browser holds the children's details
// only encrypted, and the signed-in user's id is bound in, so on a shared computer one person's
// draft is unreadable (and ignored) after another signs in.
const keyFor = (secret: string): Buffer =>
  createHash('sha256').update(`baton-contact-draft:${secret}`).digest();

function seal(plain: Buffer, s: DraftSeal): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(s.secret), iv);
  cipher.setAAD(Buffer.from(s.userId, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

function unseal(packed: string, s: DraftSeal): Buffer {
  const raw = Buffer.from(packed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', keyFor(s.secret), raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(s.userId, 'utf8'));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
}

/** The draft from the request's cookies, or null when there is none (or it is not this user's). */
export function readDraft(request: FastifyRequest, s: DraftSeal): ContactDraft | null {
  let packed = '';
  for (let i = 0; i < MAX_CHUNKS; i++) {
    const raw = request.cookies[`${COOKIE}${String(i)}`];
    if (raw === undefined) break;
    packed += raw;
  }
  if (packed === '') return null;
  try {
    const json = inflateRawSync(unseal(packed, s)).toString('utf8');
    const parsed = draftSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Store the draft; false when it is too long to keep (the page asks to shorten it). */
export function writeDraft(
  request: FastifyRequest,
  reply: FastifyReply,
  draft: ContactDraft,
  s: DraftSeal,
): boolean {
  const packed = seal(deflateRawSync(Buffer.from(JSON.stringify(draft), 'utf8')), s);
  const chunks: string[] = [];
  for (let i = 0; i < packed.length; i += CHUNK) chunks.push(packed.slice(i, i + CHUNK));
  if (chunks.length > MAX_CHUNKS) return false;
  chunks.forEach((chunk, i) => {
    void reply.setCookie(`${COOKIE}${String(i)}`, chunk, {
      path: DRAFT_PATH,
      httpOnly: true,
      sameSite: 'lax',
      secure: s.secure,
      maxAge: 4 * 3600,
    });
  });
  for (let i = chunks.length; i < MAX_CHUNKS; i++)
    if (request.cookies[`${COOKIE}${String(i)}`] !== undefined)
      void reply.clearCookie(`${COOKIE}${String(i)}`, { path: DRAFT_PATH });
  return true;
}

export function clearDraft(request: FastifyRequest, reply: FastifyReply): void {
  for (let i = 0; i < MAX_CHUNKS; i++)
    if (request.cookies[`${COOKIE}${String(i)}`] !== undefined)
      void reply.clearCookie(`${COOKIE}${String(i)}`, { path: DRAFT_PATH });
}
