import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../shell/server/views.js';
import { bundleServer, staysExternal } from './server-bundle.js';

describe('server bundle', () => {
  it('inlines Baton and the many-module ES packages, and leaves the rest to node_modules', () => {
    expect(staysExternal('./app.js')).toBe(false);
    expect(staysExternal('/abs/path/app.js')).toBe(false);
    expect(staysExternal('kysely')).toBe(false);
    expect(staysExternal('zod')).toBe(false);
    expect(staysExternal('zod/v4/core')).toBe(false);
    expect(staysExternal('fastify-type-provider-zod')).toBe(false);
    expect(staysExternal('fastify')).toBe(true);
    expect(staysExternal('@fastify/static')).toBe(true);
    expect(staysExternal('better-sqlite3')).toBe(true);
    expect(staysExternal('node:fs')).toBe(true);
    expect(staysExternal('zodiac')).toBe(true);
  });

  it('replaces an entry module by one file that still runs, with a source map', async () => {
    // Inside the checkout (data/ is ignored by git), so that `kysely` resolves to node_modules.
    mkdirSync(join(ROOT_DIR, 'data'), { recursive: true });
    const dir = mkdtempSync(join(ROOT_DIR, 'data', 'bundle-test-'));
    const entry = join(dir, 'main.js');
    writeFileSync(
      join(dir, 'helper.js'),
      "import { sql } from 'kysely';\nexport const query = () => sql`select 1`.compile;\n",
    );
    writeFileSync(
      entry,
      "import { createHash } from 'node:crypto';\nimport { query } from './helper.js';\n" +
        "export const ok = typeof query() === 'function' && createHash('sha256') !== undefined;\n",
    );
    try {
      await bundleServer(entry);
      const code = readFileSync(entry, 'utf8');
      const imports = [...code.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
      expect(imports).toEqual(['node:crypto']);
      expect(code).toMatch(/kind: ["']RawNode["']/); // Kysely, inlined
      expect(code).toContain('//# sourceMappingURL=main.js.map');
      const map = JSON.parse(readFileSync(`${entry}.map`, 'utf8')) as { sources: string[] };
      expect(map.sources.some((s) => s.endsWith('helper.js'))).toBe(true);
      const mod = (await import(pathToFileURL(entry).href)) as { ok: boolean };
      expect(mod.ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
