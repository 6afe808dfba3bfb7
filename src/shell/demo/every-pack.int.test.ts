/**
 * Every shipped pack deploys (issue 12 §1): for each pack in policy-packs/, the built server
 * starts as `BATON_PACK=<id> npm start` would (fresh SQLite file, demo data, a free port) and one
 * child walks contact → front-door decision → early help → step up to social care → step down to
 * early help over HTTP, each step chosen from what the pack offers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frontDoorAbout } from '../policy/front-door-about.js';
import { loadPacks } from '../policy/pack-files.js';
import {
  httpCall,
  httpSignIn,
  startServerProcess,
  type ServerProcess,
} from '../reliability/server-process.js';
import { walkPackJourney, viewAsAnyone } from './pack-journey.js';
import { EARLY_HELP_WORKFLOW } from './pack-steps.js';
import { createStepDriver, type Api } from './step-driver.js';

const PASSWORD = 'every-pack-demo-2026';
const packs = loadPacks();
// Every pack file, the national base included: each must be deployable on its own.
const shipped = [...packs.keys()].sort();

// Each start migrates and seeds seven families: 20 s on a quiet 2-core machine, and up to 100 s
// while six other test runs share it.
const START_MS = 300_000;
const JOURNEY_MS = 180_000;

/** Reject after `ms` with what was being waited for. */
async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`timed out after ${String(ms / 1000)} s waiting for ${what}`));
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe.each(shipped)('BATON_PACK=%s', (packId) => {
  it(
    'starts with demo families and walks a child to early help, social care and back',
    async () => {
      const pack = packs.get(packId);
      if (!pack) throw new Error(`pack ${packId} vanished`);
      const dir = mkdtempSync(join(tmpdir(), `baton-every-pack-${packId}-`));
      let server: ServerProcess | undefined;
      try {
        const began = performance.now();
        server = await startServerProcess(
          {
            BATON_PACK: packId,
            BATON_SQLITE_PATH: join(dir, 'baton.db'),
            BATON_DEMO_PASSWORD: PASSWORD,
            BATON_LOG_LEVEL: 'warn',
          },
          START_MS,
        );
        const url = server.url;
        const startMs = performance.now() - began;

        const signIn = async (username: string): Promise<Api> => {
          const cookie = await httpSignIn(url, username, PASSWORD);
          return (method, path, body) =>
            httpCall(url, method, path, { cookie, ...(body ? { body } : {}) });
        };
        const driver = createStepDriver({
          pack,
          signIn,
          today: new Date().toISOString().slice(0, 10),
          leadProfessional: {
            name: 'Lee Leadprof (demo)',
            agency: 'Millbrook Early Help Hub (demo)',
          },
        });

        // The demo families were seeded under this pack: a contact waits in triage.
        const triage = await driver.call<unknown>('front-door', 'GET', '/api/triage');
        expect(JSON.stringify(triage)).toContain('Thornbury');
        // The contact form explains the local name of the front door from the pack.
        const about = frontDoorAbout(pack);
        if (about) {
          const cookie = await httpSignIn(url, 'practitioner', PASSWORD);
          const page = await fetch(`${url}/contacts/new`, { headers: { cookie } });
          expect(await page.text()).toContain(`What is ${about.name}?`);
        }

        const journeyBegan = performance.now();
        const result = await within(
          JOURNEY_MS,
          `the ${packId} journey (steps so far: ${driver.taken.map((s) => s.transitionId).join(', ') || 'none'})`,
          walkPackJourney(driver, pack, '2016-04-01'),
        );
        const journeyMs = performance.now() - journeyBegan;

        // The child is back in early help, in work that social care's step down started.
        const after = await viewAsAnyone(driver, result.steppedDownToId);
        expect(after.item.workflowId).toBe(EARLY_HELP_WORKFLOW);
        expect(after.item.final).toBe(false);
        expect(after.item.childIds).toEqual([result.childId]);
        expect(after.steppedFrom?.workItemId).toBe(result.socialCareId);
        const social = await viewAsAnyone(driver, result.socialCareId);
        expect(social.item.final).toBe(true);
        // Every kind of step was taken, each one the pack offered the user at the time.
        const workflows = new Set(driver.taken.map((s) => s.workflowId));
        expect(workflows).toContain('contact');
        expect(workflows).toContain(social.item.workflowId);
        console.log(
          `every pack: ${packId} started in ${(startMs / 1000).toFixed(1)} s, journey ${(journeyMs / 1000).toFixed(1)} s, step up ${result.stepUp}: ${driver.taken.map((s) => `${s.workflowId}/${s.transitionId}`).join(' → ')}`,
        );
      } finally {
        await server?.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    START_MS + JOURNEY_MS + 60_000,
  );
});
