/**
 * The golden trace (issue 11, "How to know nothing broke"): after every step of a scenario suite,
 * the rows the step added, changed or removed, recorded once (BATON_GOLDEN=record) and compared
 * on later runs (BATON_GOLDEN=check). Unset, it does nothing. See docs/golden-trace.md.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { getCurrentTest } from 'vitest/suite';
import type { Dialect } from '../db/index.js';
import {
  changes,
  emptySnapshot,
  IdLabels,
  normalise,
  readSnapshot,
  type Snapshot,
} from './golden-snapshot.js';
import type { TestServer } from './test-server.js';

/** Called by a scenario suite after each step it takes. */
export interface GoldenTrace {
  /** Trace what the step just taken (`label`, e.g. `team-manager POST /api/…`) wrote. */
  step(label: string, status?: number): Promise<void>;
}

const OFF: GoldenTrace = { step: () => Promise.resolve() };

/** The folder holding the recorded traces, one per suite, dialect and test. */
export const GOLDEN_DIR = fileURLToPath(new URL('./golden/', import.meta.url));

type Mode = 'record' | 'check';

/** The trace for one server (one describe block's database); a no-op unless BATON_GOLDEN is set. */
export function goldenTrace(server: TestServer, dialect: Dialect): GoldenTrace {
  const mode = process.env.BATON_GOLDEN;
  if (mode === undefined || mode === '') return OFF;
  if (mode !== 'record' && mode !== 'check')
    throw new Error(`BATON_GOLDEN must be "record" or "check", not "${mode}"`);
  return new Tracer(server, dialect, mode);
}

/** Where one test's trace lives: the test's name without the dialect, made a file name. */
export function tracePath(testPath: string, fullName: string, dialect: Dialect): string {
  const suite = basename(testPath).replace(/\.int\.test\.ts$|\.test\.ts$/, '');
  const name = fullName.split(' > ').slice(1).join(' > ');
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return join(GOLDEN_DIR, suite, dialect, `${slug}-${hash}.jsonl`);
}

/** One step: its header line, then one line per row changed. */
type StepLines = string[];

/** The first step that differs from the recording, as a message a reader can act on. */
export function describeDifference(
  file: string,
  index: number,
  expected: StepLines | undefined,
  actual: StepLines,
): string | undefined {
  if (expected !== undefined && expected.join('\n') === actual.join('\n')) return undefined;
  const lines = [`Golden trace differs at step ${String(index + 1)} of ${file}`];
  lines.push(`  this run:  ${actual[0] ?? ''}`);
  if (expected === undefined) {
    lines.push('  recorded:  (no such step: the recording ends here)');
    return lines.join('\n');
  }
  lines.push(`  recorded:  ${expected[0] ?? ''}`);
  const missing = expected.slice(1).filter((l) => !actual.includes(l));
  const extra = actual.slice(1).filter((l) => !expected.includes(l));
  for (const l of missing) lines.push(`  - ${l}`);
  for (const l of extra) lines.push(`  + ${l}`);
  if (missing.length === 0 && extra.length === 0) lines.push('  (the same rows, in another order)');
  lines.push('(- recorded, not written now; + written now, not recorded.)');
  lines.push('If the change is intended, re-record: see docs/golden-trace.md.');
  return lines.join('\n');
}

/** Split a trace file into steps at each header line. */
export function parseTrace(text: string): StepLines[] {
  const steps: StepLines[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('{"step":')) steps.push([line]);
    else steps.at(-1)?.push(line);
  }
  return steps;
}

class Tracer implements GoldenTrace {
  private readonly labels = new IdLabels();
  private previous: Snapshot = emptySnapshot();
  private stepNo = 0;
  // Steps taken in beforeAll, outside any test, join the next test's trace.
  private pending: StepLines[] = [];
  private test: { name: string; file: string; steps: StepLines[]; expected: StepLines[] } | null =
    null;

  constructor(
    private readonly server: TestServer,
    private readonly dialect: Dialect,
    private readonly mode: Mode,
  ) {}

  async step(label: string, status?: number): Promise<void> {
    this.stepNo += 1;
    const snapshot = normalise(
      await readSnapshot(this.server.database.db),
      this.labels,
      this.stepNo,
    );
    const header = JSON.stringify({
      step: this.stepNo,
      do: this.labels.text(label),
      ...(status !== undefined ? { status } : {}),
    });
    const lines = [header, ...changes(this.previous, snapshot)];
    this.previous = snapshot;

    // expect.getState() still names the last test while a beforeAll runs; the runner does not.
    const current = getCurrentTest();
    if (current === undefined) {
      this.pending.push(lines);
      return;
    }
    const name = current.fullTestName;
    if (this.test?.name !== name) this.begin(name, current.file.filepath);
    for (const s of this.pending.splice(0)) this.accept(s);
    this.accept(lines);
  }

  private begin(name: string, testPath: string): void {
    const file = tracePath(testPath, name, this.dialect);
    let expected: StepLines[] = [];
    if (this.mode === 'check') {
      if (!existsSync(file))
        throw new Error(`No golden trace at ${file}: record one with BATON_GOLDEN=record.`);
      expected = parseTrace(readFileSync(file, 'utf8'));
    }
    const test = { name, file, steps: [] as StepLines[], expected };
    this.test = test;
    onTestFinished(({ task }) => {
      if (task.result?.state === 'fail') return;
      if (this.mode === 'record') {
        mkdirSync(join(file, '..'), { recursive: true });
        writeFileSync(file, test.steps.map((s) => s.join('\n')).join('\n') + '\n');
        return;
      }
      if (test.steps.length < test.expected.length) {
        const next = test.expected[test.steps.length]?.[0] ?? '';
        throw new Error(
          `Golden trace ${file} has ${String(test.expected.length)} steps; this run took ` +
            `${String(test.steps.length)}. The first step not taken: ${next}`,
        );
      }
    });
  }

  private accept(lines: StepLines): void {
    const test = this.test;
    if (test === null) return;
    const index = test.steps.length;
    test.steps.push(lines);
    if (this.mode !== 'check') return;
    const difference = describeDifference(test.file, index, test.expected[index], lines);
    if (difference !== undefined) throw new Error(difference);
  }
}
