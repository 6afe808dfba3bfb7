/**
 * The words of the consent ledger (001 "Consent"; 004 §4) and where consent stands for each
 * purpose, worked out from a ledger already loaded. Pure: no database, no clock. The ledger's
 * reads and writes are in consent-repository.ts, which re-exports what is public here.
 */
import { consentPurposes, isConsentLive, type ConsentPurpose } from '../../core/journey/index.js';
import type { ConsentView, CurrentConsent } from '../schemas/index.js';

// The ledger's views are declared once, with the API's schemas (src/shell/schemas).
export {
  consentDecisions,
  type ConsentDecision,
  type ConsentView,
  type CurrentConsent,
} from '../schemas/index.js';
export const consentMethods = ['verbal', 'written'] as const;
/** Who may give consent: a parent or carer with parental responsibility, or the young person. */
export const consentGivers = ['parent-with-pr', 'young-person'] as const;
/**
 * When consent need not be sought (004 §4: "unless seeking agreement is likely to: place the
 * child at risk of significant harm; lead to the risk of loss of evidential material"; "unless it
 * would cause undue delay"; 001 "Consent": "other than if doing so would place a child at risk").
 */
export const notSoughtReasons = [
  'risk-of-significant-harm',
  'loss-of-evidence',
  'undue-delay',
] as const;
export const notSoughtReasonText: Record<(typeof notSoughtReasons)[number], string> = {
  'risk-of-significant-harm': 'Seeking it would put the child at risk of significant harm',
  'loss-of-evidence': 'Seeking it would risk the loss of evidence',
  'undue-delay': 'Seeking it would cause undue delay',
};
export const purposeText: Record<ConsentPurpose, string> = {
  'early-help': 'Early help episode and Early Help Assessment',
  'information-sharing': 'Sharing information with named agencies',
  'front-door-referral': 'Referral to the front door',
  'step-down-transfer': 'Step-down transfer from social care to early help',
};
/** A young person may consent for themselves from this age, if competent (Gillick). */
export const YOUNG_PERSON_MIN_AGE = 12;

const giverKindText: Record<string, string> = {
  'parent-with-pr': 'a parent with parental responsibility',
  'carer-without-pr': 'a carer without parental responsibility',
  'young-person': 'the young person',
};

/**
 * Who gave or refused a consent, in words: their name (with "the young person" when it was the
 * child), else the kind of person who answered, else that it is not recorded. The one way the
 * ledger, the record and the timeline name them: a missing name never reads as the young person.
 */
export function consentGiverText(
  givenBy: { name: string | null; kind: string | null } | null,
): string {
  if (givenBy === null) return 'someone not recorded';
  const kind = givenBy.kind === null ? null : (giverKindText[givenBy.kind] ?? givenBy.kind);
  if (givenBy.name !== null && givenBy.name !== '')
    return givenBy.kind === 'young-person' ? `${givenBy.name} (the young person)` : givenBy.name;
  return kind ?? 'someone not recorded';
}

/** Current consent for every purpose, from a ledger already loaded (no access check). */
export function currentConsents(ledger: readonly ConsentView[], on: string): CurrentConsent[] {
  return consentPurposes.map((p) => currentConsentIn(ledger, p, on));
}

/** Where consent for one purpose stands in a ledger (newest first): the latest decision decides. */
export function currentConsentIn(
  ledger: readonly ConsentView[],
  purpose: ConsentPurpose,
  on: string,
): CurrentConsent {
  // The ledger is newest first (recorded date, then the moment it was written).
  const latest = ledger.find((c) => c.purpose === purpose) ?? null;
  const name = purposeText[purpose];
  if (!latest) return { purpose, live: false, status: 'none', latest, text: 'Not recorded' };
  switch (latest.decision) {
    case 'given': {
      if (latest.expiresOn !== null && latest.expiresOn < on)
        return {
          purpose,
          live: false,
          status: 'expired',
          latest,
          text: `Expired on ${latest.expiresOn}`,
        };
      // The one rule (core `isConsentLive`): a carer without parental responsibility cannot consent.
      if (!isConsentLive({ ...latest, givenBy: latest.givenBy?.kind ?? null }, on))
        return {
          purpose,
          live: false,
          status: 'none',
          latest,
          text: `Not valid: given by ${consentGiverText(latest.givenBy)}, who does not hold parental responsibility`,
        };
      const who = consentGiverText(latest.givenBy);
      return {
        purpose,
        live: true,
        status: 'live',
        latest,
        text: `Given by ${who} on ${latest.recordedOn}`,
      };
    }
    case 'refused':
      return {
        purpose,
        live: false,
        status: 'refused',
        latest,
        text: `Refused on ${latest.recordedOn}`,
      };
    case 'withdrawn':
      return {
        purpose,
        live: false,
        status: 'withdrawn',
        latest,
        text: `Withdrawn on ${latest.recordedOn}`,
      };
    case 'not-sought':
      return {
        purpose,
        live: false,
        status: 'not-sought',
        latest,
        text: `Not sought for ${name.toLowerCase()} (${notSoughtReasonLabel(latest.notSoughtReason)}); consulted ${latest.consulted ?? ''}`,
      };
  }
}

/** The words for a not-sought reason code; an unknown code as it is. */
export const notSoughtReasonLabel = (code: string | null): string =>
  (notSoughtReasons as readonly (string | null)[]).includes(code)
    ? notSoughtReasonText[code as (typeof notSoughtReasons)[number]]
    : (code ?? '');
