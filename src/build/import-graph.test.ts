import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../shell/server/views.js';
import { importCycles, importGraph } from './import-graph.js';

describe('the import graph of src/', () => {
  it('has no cycles, type-only imports included', () => {
    const cycles = importCycles(importGraph(join(ROOT_DIR, 'src'))).map((c) =>
      c.map((f) => relative(ROOT_DIR, f)),
    );
    expect(cycles).toEqual([]);
  });

  it('finds a cycle however long, and nothing in a graph without one', () => {
    const graph = new Map([
      ['app', ['routes']],
      ['routes', ['deps', 'use-case']],
      ['deps', ['app']],
      ['use-case', ['repository']],
      ['repository', []],
    ]);
    expect(importCycles(graph)).toEqual([['app', 'deps', 'routes']]);
    graph.set('deps', []);
    expect(importCycles(graph)).toEqual([]);
  });

  it('the importer reads type-only imports and re-exports', () => {
    const graph = importGraph(join(ROOT_DIR, 'src', 'shell', 'server'));
    const app = graph.get(join(ROOT_DIR, 'src', 'shell', 'server', 'app.ts')) ?? [];
    // app.ts has `import type { AppDeps } from './app-deps.js'` and `export type { … } from`.
    expect(app).toContain(join(ROOT_DIR, 'src', 'shell', 'server', 'app-deps.ts'));
  });
});

// Loading ESLint and its plugins takes seconds, more on a busy machine.
describe('the layering lint', { timeout: 120_000 }, () => {
  // The project's config without type information: these rules read only the import lines.
  const eslint = new ESLint({
    cwd: ROOT_DIR,
    overrideConfig: [tseslint.configs.disableTypeChecked],
  });
  const refusals = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(ROOT_DIR, file) });
    return (result?.messages ?? [])
      .filter((m) => m.ruleId === 'no-restricted-imports')
      .map((m) => m.message);
  };

  it('refuses a route that imports a repository, the database or the app', async () => {
    const route = 'src/shell/server/routes/example-routes.ts';
    expect(await refusals(route, "export * from '../../repositories/index.js';\n")).toEqual([
      expect.stringMatching(/call one use-case/),
    ]);
    expect(await refusals(route, "export * from '../../db/index.js';\n")).toHaveLength(1);
    expect(await refusals(route, "export type * from '../app.js';\n")).toEqual([
      expect.stringMatching(/app-deps/),
    ]);
    expect(await refusals(route, "export * from '../../use-cases/work-use-cases.js';\n")).toEqual(
      [],
    );
  });

  it('refuses imports against the layer direction', async () => {
    expect(
      await refusals('src/core/policy/example.ts', "export * from '../../shell/db/index.js';\n"),
    ).toHaveLength(1);
    expect(await refusals('src/core/policy/example.ts', "export * from 'kysely';\n")).toHaveLength(
      1,
    );
    expect(
      await refusals(
        'src/shell/repositories/example-repository.ts',
        "export * from '../use-cases/work-use-cases.js';\n",
      ),
    ).toHaveLength(1);
    expect(
      await refusals(
        'src/shell/use-cases/example-use-cases.ts',
        "export * from '../server/app.js';\n",
      ),
    ).toHaveLength(1);
    expect(
      await refusals(
        'src/shell/use-cases/example-use-cases.ts',
        "export * from '../repositories/index.js';\n",
      ),
    ).toEqual([]);
    // View schemas sit under every shell layer: the repositories return their types.
    expect(
      await refusals(
        'src/shell/schemas/example-views.ts',
        "export * from '../repositories/index.js';\n",
      ),
    ).toHaveLength(1);
    expect(
      await refusals(
        'src/shell/repositories/example-repository.ts',
        "export * from '../schemas/index.js';\n",
      ),
    ).toEqual([]);
  });
});
