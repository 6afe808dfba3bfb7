/**
 * One file for the server: Baton's own modules and the dependencies that ship as hundreds of
 * small ES modules, inlined into `dist/shell/server/main.js` (what `npm start` runs).
 *
 * Why: on Node 20 each ES module costs its own resolve, read, compile and link. Starting the
 * server loaded about 550 of them (Kysely about 260, Baton about 165, zod about 95): a third of
 * its start-up CPU. CommonJS and native packages (Fastify and its plugins, better-sqlite3, argon2)
 * stay as they are, loaded from node_modules; so do packages loaded on first use (pg, yaml,
 * date-holidays, swagger). The other files in dist/ (the CLI, tests, benchmarks) are unchanged,
 * and the bundle finds views/, public/ and policy-packs/ as they do: it sits at the same depth
 * (dist/shell/<module>/) as every module it holds.
 */
import { rename, writeFile } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import { rolldown } from 'rolldown';

/** ES-module packages worth inlining: many files each, and nothing outside the bundle loads them. */
export const BUNDLED_PACKAGES = ['kysely', 'zod', 'fastify-type-provider-zod'] as const;

/** Whether an import stays an import: a Node built-in, or a package not in BUNDLED_PACKAGES. */
export function staysExternal(id: string): boolean {
  if (id.startsWith('.') || isAbsolute(id) || id.startsWith('file:')) return false;
  if (id.startsWith('node:')) return true;
  return !BUNDLED_PACKAGES.some((p) => id === p || id.startsWith(`${p}/`));
}

/** Replace the compiled entry module `entry` by the bundle of everything it imports. */
export async function bundleServer(entry: string): Promise<{ bytes: number }> {
  const bundle = await rolldown({
    input: entry,
    platform: 'node',
    external: staysExternal,
    // A warning (an import that does not resolve, say) fails the build rather than the server.
    onLog: (level, log, handler) => {
      handler(level === 'warn' ? 'error' : level, log);
    },
  });
  try {
    const mapName = `${basename(entry)}.map`;
    const { output } = await bundle.generate({
      format: 'esm',
      codeSplitting: false,
      sourcemap: true,
      sourcemapFileNames: mapName,
    });
    const [chunk, ...rest] = output;
    const map = rest.find((o) => o.type === 'asset' && o.fileName === mapName);
    if (map?.type !== 'asset' || rest.length !== 1)
      throw new Error(`expected one file and its source map, got ${String(output.length)} files`);
    await writeFile(`${entry}.map`, map.source);
    await writeFile(`${entry}.tmp`, chunk.code);
    await rename(`${entry}.tmp`, entry);
    return { bytes: chunk.code.length };
  } finally {
    await bundle.close();
  }
}
