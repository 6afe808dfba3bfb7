/** Threshold-check throughput on one core: how many checks per second the pure core evaluates. */
import type { ResolvedPack } from '../core/policy/index.js';
import { evaluateThreshold, type ThresholdInput } from '../core/threshold/index.js';

/** A deterministic pseudo-random generator (mulberry32), so every run checks the same inputs. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Realistic inputs: 0–8 indicators, sometimes immediate danger or an open case. */
export function sampleInputs(pack: ResolvedPack, count: number, seed = 42): ThresholdInput[] {
  const rand = seededRandom(seed);
  const ids = pack.indicators.map((i) => i.id);
  return Array.from({ length: count }, () => {
    const n = Math.floor(rand() * 9);
    const chosen = Array.from({ length: n }, () => ids[Math.floor(rand() * ids.length)] ?? '');
    return {
      indicatorIds: chosen,
      immediateDanger: rand() < 0.05,
      openTo: rand() < 0.2 ? 'early-help' : 'none',
      ageYears: Math.floor(rand() * 18),
    };
  });
}

export interface ThroughputResult {
  pack: string;
  checks: number;
  seconds: number;
  checksPerSecond: number;
}

/** Run checks for about `seconds` on this thread; returns checks per second. */
export function measureThroughput(pack: ResolvedPack, seconds: number): ThroughputResult {
  const inputs = sampleInputs(pack, 10_000);
  // Warm up the JIT before timing.
  for (const input of inputs) evaluateThreshold(pack, input);
  let checks = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() - start < budget) {
    for (const input of inputs) sink += evaluateThreshold(pack, input).suggestedLevel;
    checks += inputs.length;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink === 0) throw new Error('no checks ran');
  return { pack: pack.id, checks, seconds: elapsed, checksPerSecond: checks / elapsed };
}
