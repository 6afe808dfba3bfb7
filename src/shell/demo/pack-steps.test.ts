import { describe, expect, it } from 'vitest';
import { loadPacks } from '../policy/pack-files.js';
import {
  CONTACT_WORKFLOW,
  EARLY_HELP_WORKFLOW,
  closesBelowSocialCare,
  payloadFor,
  planRoute,
  startsEarlyHelp,
  toEarlyHelp,
  toSocialCare,
} from './pack-steps.js';
import { DEMO_ROLES } from './step-driver.js';

const packs = loadPacks();
const pack = (id: string) => {
  const p = packs.get(id);
  if (!p) throw new Error(`no ${id} pack`);
  return p;
};
const ids = (route: { transition: { id: string } }[] | null) =>
  route?.map((s) => s.transition.id) ?? null;
const newContact = (level: number) => ({ workflowId: CONTACT_WORKFLOW, state: 'received', level });

describe('choosing steps by what they do', () => {
  it('sends a level 3 contact to each authority’s early help route, never through social care', () => {
    const route = (id: string) =>
      ids(planRoute(pack(id), newContact(3), toEarlyHelp, DEMO_ROLES, toSocialCare(pack(id))));
    expect(route('stockport')).toEqual(['refer-to-early-help-hub']);
    expect(route('walsall')).toEqual(['decide-early-help-via-ehh']);
    expect(route('peterborough')).toEqual(['reassign-to-early-help-hub']);
    // Worcestershire's Family Front Door has no early help outcome: only "threshold not met".
    expect(route('worcestershire')).toBeNull();
    const worcs = pack('worcestershire');
    expect(ids(planRoute(worcs, newContact(3), closesBelowSocialCare(worcs), DEMO_ROLES))).toEqual([
      'decide-threshold-not-met',
    ]);
  });

  it('respects a level guard: Stockport sends only a level 4 contact to social care', () => {
    const stockport = pack('stockport');
    expect(planRoute(stockport, newContact(3), toSocialCare(stockport), DEMO_ROLES)).toBeNull();
    expect(ids(planRoute(stockport, newContact(4), toSocialCare(stockport), DEMO_ROLES))).toEqual([
      'decide-cf-assessment',
    ]);
  });

  it('steps up from Stockport’s TAF plan in two steps: the request, then social care’s authorisation', () => {
    const stockport = pack('stockport');
    const from = { workflowId: EARLY_HELP_WORKFLOW, state: 'taf-plan', level: 3 };
    expect(ids(planRoute(stockport, from, toSocialCare(stockport), DEMO_ROLES))).toEqual([
      'request-step-up-to-social-care',
      'authorise-step-up-to-social-care',
    ]);
    // Walsall's episode has no step up: its guidance steps up through a new contact to MASH.
    const walsall = pack('walsall');
    expect(planRoute(walsall, from, toSocialCare(walsall), DEMO_ROLES)).toBeNull();
  });

  it('steps a child in need plan down to early help by the pack’s own transfer step', () => {
    const from = { workflowId: 'cin-plan', state: 'active', level: 4 };
    expect(ids(planRoute(pack('stockport'), from, startsEarlyHelp, DEMO_ROLES))).toEqual([
      'request-step-down-transfer',
    ]);
    expect(ids(planRoute(pack('worcestershire'), from, startsEarlyHelp, DEMO_ROLES))).toEqual([
      'transfer-of-need-to-tfs-eifs',
    ]);
  });

  it('fills every required field and what the field guards ask for', () => {
    const walsallCin = pack('walsall').workflows.get('cin-plan');
    const buddy = walsallCin?.transitions.find((t) => t.id === 'step-down-to-buddy-package');
    if (!buddy) throw new Error('Walsall has no Buddy package step');
    const payload = payloadFor(buddy, { name: 'Lee (demo)', agency: 'Hub (demo)' }, '2026-12-07');
    for (const r of buddy.requires) expect(String(payload[r.field])).not.toBe('');
    expect(payload.buddyHoursPerWeek).toBe(6);
    const icpc = pack('stockport')
      .workflows.get('s47')
      ?.transitions.find((t) => t.id === 'icpc-cp-plan');
    if (!icpc) throw new Error('no ICPC step');
    expect(payloadFor(icpc, { name: 'x', agency: 'y' }, '2026-12-07').category).toBe('neglect');
  });
});
