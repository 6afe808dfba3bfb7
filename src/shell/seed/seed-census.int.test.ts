/**
 * The synthetic authority is a council's record as its practitioners would keep it: its CIN
 * census validates against DfE's rules with no errors, for the year just ended and for the next
 * (seeded as of a fortnight after each year's end), and the children in it carry the items
 * practitioners record (sex, ethnicity, disabilities, UPN or a reason, referral source, primary
 * need, closure reasons, categories of abuse). The reason for closure seeded on an episode that
 * was only an assessment is the one the census derives from the pack's roles, in every pack.
 */
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { ResolvedPack } from '../../core/policy/index.js';
import {
  censusPeriod,
  deriveEpisodes,
  type CensusChild,
  type CensusPeriod,
} from '../../core/returns/index.js';
import { loadPacks } from '../policy/pack-files.js';
import { batchFacts, censusChildren } from '../repositories/census-repository.js';
import type { Database } from '../db/index.js';
import { createTestDatabase, testDialects } from '../testing/test-databases.js';
import { TEST_PASSWORD } from '../testing/test-server.js';
import { periodFor, validateCensus } from '../use-cases/returns-use-cases.js';
import { seedAuthority } from './index.js';

const packs = loadPacks();
const pack = packs.get('stockport') as ResolvedPack;

/** The whole seeded history, so a small authority has enough episodes closed after assessment. */
const HISTORY: CensusPeriod = {
  ...censusPeriod('2025-26'),
  start: '2023-04-01',
  end: '2026-04-15',
};

/**
 * Every closed episode of the authority whose reason, as recorded or as the census would derive
 * it with none recorded, is RC8 or RC9: `recorded` or `recorded≠derived`, counted; and episodes
 * with an assessment of no factors ("21"), by their recorded reason.
 */
async function assessmentClosures(db: Kysely<Database>): Promise<Record<string, number>> {
  const ids = (
    await db.selectFrom('people').select('id').where('kind', '=', 'child').execute()
  ).map((r) => r.id);
  const tally: Record<string, number> = {};
  for (let i = 0; i < ids.length; i += 500)
    for (const { record, work } of await batchFacts(db, ids.slice(i, i + 500), packs)) {
      const unrecorded = work.map((w) => ({
        ...w,
        census: { ...w.census, closureReason: undefined },
      }));
      const derived = deriveEpisodes(unrecorded, HISTORY, record.dateOfDeath);
      deriveEpisodes(work, HISTORY, record.dateOfDeath).forEach((e, k) => {
        const [r, d] = [e.closureReason, derived[k]?.closureReason];
        // "21 No factors identified" goes with RC8 or RC9 (rule 8873Q).
        if (e.assessments.some((a) => a.factors.includes('21')))
          tally[`21 with ${String(r)}`] = (tally[`21 with ${String(r)}`] ?? 0) + 1;
        if (!['RC8', 'RC9'].includes(r ?? '') && !['RC8', 'RC9'].includes(d ?? '')) return;
        const key = r === d ? String(r) : `${String(r)}≠${String(d)}`;
        tally[key] = (tally[key] ?? 0) + 1;
      });
    }
  return tally;
}

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

    // Peterborough's referral step-down (into early help) and Walsall's advice step (neither)
    // reach states whose names said otherwise; the seed reads the roles, as the census does.
    for (const packId of ['peterborough', 'walsall'])
      it(`seeds ${packId}'s closures after assessment with the reasons the census derives, 0 errors`, async () => {
        const db = await createTestDatabase(dialect);
        try {
          const asOf = '2026-04-15';
          const local = packs.get(packId) as ResolvedPack;
          await seedAuthority(db, {
            children: 600,
            randomSeed: 7,
            asOf,
            force: false,
            password: TEST_PASSWORD,
            pack: local,
          });
          const tally = await assessmentClosures(db.db);
          expect(Object.entries(tally).filter(([k]) => k.includes('≠'))).toEqual([]);
          expect(tally['RC9']).toBeGreaterThan(3);
          const noFactors = Object.keys(tally).filter((k) => k.startsWith('21 with'));
          // Peterborough's no further action (a single agency to support) is declared by role.
          expect(noFactors).toEqual(packId === 'peterborough' ? ['21 with RC8'] : []);
          const validation = await validateCensus(
            db.db,
            { year: '2025-26', pack: local, packs, now: `${asOf}T09:00:00.000Z`, release: 'test' },
            true,
          );
          expect(validation.failures.filter((f) => f.severity === 'error')).toEqual([]);
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
