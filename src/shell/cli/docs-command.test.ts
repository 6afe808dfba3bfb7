import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENERATED_DOCS } from '../docs/generate-docs.js';
import { hasStackTrace, removeTempDirs, runBaton, tempDir } from './cli-test-kit.js';

afterAll(removeTempDirs);

describe('baton docs generate', () => {
  it('writes the generated documents', async () => {
    const out = tempDir();
    const r = await runBaton(['docs', 'generate', '--out', out]);
    expect(r.code).toBe(0);
    for (const doc of GENERATED_DOCS) {
      expect(readFileSync(join(out, doc.file), 'utf8')).toBe(doc.render());
      expect(r.out).toContain(doc.file);
    }
  });

  it('reports a failure to write in one line, without a stack trace', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    const r = await runBaton(['docs', 'generate', '--out', join(file, 'docs')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^baton: something went wrong: [^\n]+\n$/);
    expect(hasStackTrace(r.err)).toBe(false);
  });
});
