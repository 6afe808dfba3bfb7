/**
 * The Worcestershire pack against the guidance it encodes.
 *
 * How the counts were read: Appendix 1 ("Levels of Need Examples") of the Worcestershire Multi
 * Agency Levels of Need guidance (May 2019), seed file 004_e8fa8c619eac9618.txt, was read cell by
 * cell. Each row of the table (Health, Education, Family & Social Relationships, Family History &
 * Functioning, ...) was counted bullet by bullet; the inline headings inside the Education cell
 * ("Emotional and Behavioural Development", "Identity") and the Family & Social Relationships cell
 * ("Social Presentation") start sub-domains of their own, as in the Framework for Assessment. The
 * PDF-to-text conversion dropped most bullet marks, so a new bullet was counted at each new
 * capitalised item; lines broken across the table were joined; "Conception aged under 16", printed
 * twice at level 3, counts once; at level 4 "Fabricated/induced illness" counts as its own bullet
 * and "Sexual exploitation. CSE risk screened as experiencing CSE" as one. Where the layout of the
 * converted text puts a bullet in a cell it is counted there even when its content would fit
 * another row (those indicators are marked uncertain in the pack, with a note). The numbers below
 * are written out by hand from that reading, not computed from the pack.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_DIR, loadPacks } from './pack-files.js';

const SOURCE = 'wor-levels-of-need-2019';

const expectedCounts = [
  { level: 1, domain: 'child-developmental-needs', subDomain: 'health', count: 6 },
  { level: 1, domain: 'child-developmental-needs', subDomain: 'education', count: 3 },
  {
    level: 1,
    domain: 'child-developmental-needs',
    subDomain: 'emotional-behavioural-development',
    count: 3,
  },
  { level: 1, domain: 'child-developmental-needs', subDomain: 'identity', count: 2 },
  {
    level: 1,
    domain: 'child-developmental-needs',
    subDomain: 'family-social-relationships',
    count: 3,
  },
  { level: 1, domain: 'child-developmental-needs', subDomain: 'social-presentation', count: 2 },
  {
    level: 1,
    domain: 'family-environmental-factors',
    subDomain: 'family-history-functioning',
    count: 2,
  },
  {
    level: 1,
    domain: 'family-environmental-factors',
    subDomain: 'housing-employment-finance',
    count: 3,
  },
  { level: 1, domain: 'family-environmental-factors', subDomain: 'social-integration', count: 2 },
  { level: 1, domain: 'parenting-capacity', subDomain: 'basic-care-safety-protection', count: 1 },
  { level: 1, domain: 'parenting-capacity', subDomain: 'parent-carers', count: 3 },

  { level: 2, domain: 'child-developmental-needs', subDomain: 'health', count: 6 },
  { level: 2, domain: 'child-developmental-needs', subDomain: 'education', count: 7 },
  {
    level: 2,
    domain: 'child-developmental-needs',
    subDomain: 'emotional-behavioural-development',
    count: 2,
  },
  { level: 2, domain: 'child-developmental-needs', subDomain: 'identity', count: 2 },
  {
    level: 2,
    domain: 'child-developmental-needs',
    subDomain: 'family-social-relationships',
    count: 6,
  },
  { level: 2, domain: 'child-developmental-needs', subDomain: 'social-presentation', count: 2 },
  {
    level: 2,
    domain: 'family-environmental-factors',
    subDomain: 'family-history-functioning',
    count: 2,
  },
  {
    level: 2,
    domain: 'family-environmental-factors',
    subDomain: 'housing-employment-finance',
    count: 2,
  },
  { level: 2, domain: 'family-environmental-factors', subDomain: 'social-integration', count: 3 },
  { level: 2, domain: 'parenting-capacity', subDomain: 'basic-care-safety-protection', count: 3 },
  { level: 2, domain: 'parenting-capacity', subDomain: 'parent-carers', count: 4 },

  { level: 3, domain: 'child-developmental-needs', subDomain: 'health', count: 10 },
  { level: 3, domain: 'child-developmental-needs', subDomain: 'education', count: 5 },
  {
    level: 3,
    domain: 'child-developmental-needs',
    subDomain: 'emotional-behavioural-development',
    count: 5,
  },
  { level: 3, domain: 'child-developmental-needs', subDomain: 'identity', count: 2 },
  {
    level: 3,
    domain: 'child-developmental-needs',
    subDomain: 'family-social-relationships',
    count: 3,
  },
  { level: 3, domain: 'child-developmental-needs', subDomain: 'social-presentation', count: 2 },
  {
    level: 3,
    domain: 'family-environmental-factors',
    subDomain: 'family-history-functioning',
    count: 3,
  },
  {
    level: 3,
    domain: 'family-environmental-factors',
    subDomain: 'housing-employment-finance',
    count: 3,
  },
  { level: 3, domain: 'family-environmental-factors', subDomain: 'social-integration', count: 3 },
  { level: 3, domain: 'parenting-capacity', subDomain: 'basic-care-safety-protection', count: 5 },
  { level: 3, domain: 'parenting-capacity', subDomain: 'parent-carers', count: 4 },

  { level: 4, domain: 'child-developmental-needs', subDomain: 'health', count: 11 },
  { level: 4, domain: 'child-developmental-needs', subDomain: 'education', count: 3 },
  {
    level: 4,
    domain: 'child-developmental-needs',
    subDomain: 'emotional-behavioural-development',
    count: 4,
  },
  { level: 4, domain: 'child-developmental-needs', subDomain: 'identity', count: 2 },
  {
    level: 4,
    domain: 'child-developmental-needs',
    subDomain: 'family-social-relationships',
    count: 10,
  },
  { level: 4, domain: 'child-developmental-needs', subDomain: 'social-presentation', count: 2 },
  {
    level: 4,
    domain: 'family-environmental-factors',
    subDomain: 'family-history-functioning',
    count: 8,
  },
  {
    level: 4,
    domain: 'family-environmental-factors',
    subDomain: 'housing-employment-finance',
    count: 4,
  },
  { level: 4, domain: 'family-environmental-factors', subDomain: 'social-integration', count: 4 },
  { level: 4, domain: 'parenting-capacity', subDomain: 'basic-care-safety-protection', count: 6 },
  { level: 4, domain: 'parenting-capacity', subDomain: 'parent-carers', count: 5 },
] as const;

/** Bullets per level, summed by hand from the table above. */
const expectedTotals = { 1: 30, 2: 39, 3: 45, 4: 59 } as const;

function load() {
  // Only this pack and its base, so a pack being edited elsewhere in the folder cannot break it.
  const packs = loadPacks(
    ['national', 'worcestershire'].map((id) => join(DEFAULT_POLICY_DIR, `${id}.yaml`)),
  );
  const pack = packs.get('worcestershire');
  const national = packs.get('national');
  if (!pack || !national) throw new Error('the worcestershire and national packs should both load');
  const nationalIds = new Set(national.indicators.map((i) => i.id));
  const own = pack.indicators.filter((i) => !nationalIds.has(i.id));
  return { pack, national, own };
}

describe('Worcestershire policy pack', () => {
  const { pack, national, own } = load();

  it('extends the national pack and names the Family Front Door', () => {
    expect(pack.base).toEqual({ id: 'national', version: national.version });
    expect(pack.frontDoorName).toBe('Family Front Door');
    expect(pack.effectiveFrom).toBe('2019-05-01');
    expect(Object.keys(pack.levels)).toEqual(['1', '2', '3', '4']);
  });

  it.each(expectedCounts)(
    'level $level, $domain / $subDomain has $count indicators',
    ({ level, domain, subDomain, count }) => {
      const found = own.filter(
        (i) => i.level === level && i.domain === domain && i.subDomain === subDomain,
      );
      expect(found).toHaveLength(count);
    },
  );

  it.each([1, 2, 3, 4] as const)('level %i has the total read off the seed', (level) => {
    expect(own.filter((i) => i.level === level)).toHaveLength(expectedTotals[level]);
    const fromTable = expectedCounts
      .filter((row) => row.level === level)
      .reduce((sum, row) => sum + row.count, 0);
    expect(fromTable).toBe(expectedTotals[level]);
  });

  it('has no indicator outside the rows of the table', () => {
    const rows = new Set(expectedCounts.map((r) => `${r.level}/${r.domain}/${r.subDomain}`));
    for (const ind of own) {
      expect(rows.has(`${ind.level}/${ind.domain}/${ind.subDomain ?? ''}`), ind.id).toBe(true);
    }
  });

  it('gives every indicator an id of the form wor-l<level>-...', () => {
    for (const ind of own)
      expect(ind.id).toMatch(new RegExp(`^wor-l${ind.level}-[a-z]+-[a-z0-9-]+$`));
  });

  it('cites Appendix 1 of the Worcestershire guidance for every indicator', () => {
    for (const ind of own) {
      expect(ind.citation.source, ind.id).toBe(SOURCE);
      expect(ind.citation.section, ind.id).toMatch(new RegExp(`^Appendix 1, Level ${ind.level}, `));
    }
  });

  it('explains every uncertain indicator in a note', () => {
    const uncertain = own.filter((i) => i.uncertain === true);
    expect(uncertain.length).toBeGreaterThan(0);
    for (const ind of uncertain) expect(ind.note?.trim().length ?? 0, ind.id).toBeGreaterThan(20);
  });

  it('keeps accumulation as a prompt, not a rule that raises the level', () => {
    expect(pack.accumulation).toMatchObject({ minimumIndicators: 3, raisesLevel: false });
    expect(pack.accumulation?.citation.source).toBe(SOURCE);
  });

  it('adds the local immediate-danger step after the national 999 step', () => {
    expect(pack.immediateDanger.map((s) => s.id)).toEqual([
      'call-999',
      'wor-phone-family-front-door-now',
    ]);
    expect(pack.contactsById.get('wor-family-front-door')?.phones[0]?.number).toBe('01905 822666');
    expect(pack.contactsById.get('wor-out-of-hours')?.phones[0]?.number).toBe('01905 768020');
  });

  it('uses ids that do not clash with the national pack', () => {
    const ids = [
      ...pack.consent.guidance.map((g) => g.id),
      ...pack.consent.doNotSeekWhen.map((d) => d.id),
      ...pack.openCases.earlyHelp.map((s) => s.id),
      ...pack.openCases.socialCare.map((s) => s.id),
      ...pack.immediateDanger.map((s) => s.id),
      ...Object.values(pack.levels).flatMap((l) => l.nextSteps.map((s) => s.id)),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('carries no personal mobile numbers from Appendix 5', () => {
    for (const contact of pack.contacts) {
      for (const phone of contact.phones) expect(phone.number).not.toMatch(/^07/);
    }
  });
});
