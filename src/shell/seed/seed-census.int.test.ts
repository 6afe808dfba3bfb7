/**
 * The synthetic authority is a council's record as its practitioners would keep it: its CIN
 * census validates against DfE's rules with no errors, for the year just ended and for the next
 * (seeded as of a fortnight after each year's end), and the children in it carry the items
 * practitioners record (sex, ethnicity, disabilities, UPN or a reason, referral source, primary
 * need, closure reasons, categories of abuse).
 */
import { describe, expect, it } from 'vitest';
import type { ResolvedPack } from '../../core/policy/index.js';
import type { CensusChild } from '../../core/returns/index.js';
import { loadPacks } from '../policy/pack-files.js';
import { censusChildren } from '../repositories/census-repository.js';
import { createTestDatabase, testDialects } from '../testing/test-databases.js';
import { TEST_PASSWORD } from '../testing/test-server.js';
import { periodFor, validateCensus } from '../use-cases/returns-use-cases.js';
import { seedAuthority } from './index.js';

const packs = loadPacks();
const pack = packs.get('stockport') as ResolvedPack;

const YEARS = [
  { year: '2025-26', asOf: '2026-04-15' },
  { year: '2026-27', asOf: '2027-04-15' },
] as const;

for (const dialect of await testDialects()) {
  describe(`the seeded authority's CIN census on ${dialect}`, () => {
    for (const { year, asOf } of YEARS)
      it(`validates with 0 errors for ${year} (seeded as of ${asOf})`, async () => {
        const db = await createTestDatabase(dialect);
        try {
          await seedAuthority(db, {
            children: 600,
            randomSeed: 11,
            asOf,
            force: false,
            password: TEST_PASSWORD,
            pack,
          });
          const tally = await validateCensus(
            db.db,
            { year, pack, packs, now: `${asOf}T09:00:00.000Z`, release: 'test' },
            true,
          );
          const summary = tally.summary();
          expect(summary.children).toBeGreaterThan(10);
          expect(tally.failures.filter((f) => f.severity === 'error')).toEqual([]);
          expect(summary.errors).toBe(0);

          const children: CensusChild[] = [];
          for await (const c of censusChildren(db.db, periodFor(year), packs)) children.push(c);
          expect(children.length).toBe(summary.children);
          // What the practitioners recorded, not defaults: every child has these items, and
          // the codes vary as a real authority's do.
          expect(children.every((c) => c.sex !== null && c.ethnicity !== null)).toBe(true);
          expect(new Set(children.map((c) => c.sex)).size).toBeGreaterThan(1);
          expect(children.every((c) => c.disabilities.length > 0)).toBe(true);
          expect(children.every((c) => c.upn !== null || c.upnUnknown !== null)).toBe(true);
          expect(children.some((c) => c.upn !== null)).toBe(true);
          const episodes = children.flatMap((c) => c.episodes);
          expect(episodes.every((e) => e.referralSource !== null && e.primaryNeed !== null)).toBe(
            true,
          );
          expect(new Set(episodes.map((e) => e.referralSource)).size).toBeGreaterThan(2);
          const closed = episodes.filter((e) => e.closureDate !== null);
          expect(closed.length).toBeGreaterThan(0);
          expect(closed.every((e) => e.closureReason !== null)).toBe(true);
          const authorised = episodes
            .flatMap((e) => e.assessments)
            .filter((a) => a.authorisationDate !== null);
          expect(authorised.length).toBeGreaterThan(0);
          expect(authorised.every((a) => a.factors.length > 0)).toBe(true);
          // Pre-proceedings (PLO): the 2026-27 module, never before.
          const plo = episodes.flatMap((e) => e.preProceedings);
          if (year === '2025-26') expect(plo).toEqual([]);
          else {
            expect(plo.length).toBeGreaterThan(0);
            // Begun in the year (rule 9005), and recorded past the start.
            expect(
              plo.every((m) => m.startDate >= '2026-04-01' && m.startDate <= '2027-03-31'),
            ).toBe(true);
            expect(plo.some((m) => m.lbpSentDate !== null)).toBe(true);
          }
          for (const plan of episodes.flatMap((e) => e.cpPlans)) {
            expect(plan.initialCategory).not.toBeNull();
            expect(plan.latestCategory).not.toBeNull();
          }
        } finally {
          await db.drop();
        }
      }, 300_000);

    for (const openEpisodes of [400, 900])
      it(`validates with 0 errors when --open-episodes pads the authority (300 children, ${String(openEpisodes)} open)`, async () => {
        const db = await createTestDatabase(dialect);
        try {
          const asOf = '2026-04-15';
          const summary = await seedAuthority(db, {
            children: 300,
            randomSeed: 5,
            asOf,
            force: false,
            password: TEST_PASSWORD,
            pack,
            openEpisodes,
          });
          // 900 is three a child: work alongside an open CIN episode, not a second episode.
          expect(summary.openEpisodes.total).toBe(openEpisodes);
          expect(summary.openEpisodes.added).toBeGreaterThan(100);
          const tally = await validateCensus(
            db.db,
            { year: '2025-26', pack, packs, now: `${asOf}T09:00:00.000Z`, release: 'test' },
            true,
          );
          const errors = tally.failures.filter((f) => f.severity === 'error');
          expect(errors.map((f) => f.rule)).toEqual([]);
          // The padding's social care episodes are in the census, with what practitioners record.
          const children: CensusChild[] = [];
          for await (const c of censusChildren(db.db, periodFor('2025-26'), packs))
            children.push(c);
          expect(tally.summary().children).toBe(children.length);
          const open = children.flatMap((c) => c.episodes).filter((e) => e.closureDate === null);
          expect(open.length).toBeGreaterThan(100);
          expect(open.every((e) => e.referralSource !== null && e.primaryNeed !== null)).toBe(true);
        } finally {
          await db.drop();
        }
      }, 300_000);
  });
}
