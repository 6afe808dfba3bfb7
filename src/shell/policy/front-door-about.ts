/**
 * What the front-door pages say about the deployment's front door (issue 12 §1): its local name
 * (MASSH, MASH, Family Front Door) means nothing to a newcomer, so the pages explain it from the
 * pack's own front-door contacts, whose names spell the acronym out and whose purposes say what
 * each is for.
 */
import type { ResolvedPack } from '../../core/policy/index.js';

export interface FrontDoorAbout {
  name: string;
  authority: string;
  contacts: { name: string; purpose: string }[];
}

/** The explanation, or null when the pack names no front-door contact (the national base). */
export function frontDoorAbout(pack: ResolvedPack | undefined): FrontDoorAbout | null {
  const contacts = (pack?.contacts ?? []).filter((c) => c.kind === 'front-door');
  if (!pack || contacts.length === 0) return null;
  return {
    name: pack.frontDoorName,
    authority: pack.authority,
    contacts: contacts.map((c) => ({ name: c.name, purpose: c.purpose.trim() })),
  };
}
