/**
 * Reads policy pack YAML files from disk and hands them to the pure resolver.
 * The default directory is `policy-packs/` at the root of the checkout (override: BATON_POLICY_DIR).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatonError } from '../../core/errors/error-catalogue.js';
import { parsePackText, resolvePackSet, type ResolvedPack } from '../../core/policy/index.js';
import type { PackDocument } from '../../core/policy/pack-schema.js';

/** The packs shipped with Baton. */
export const DEFAULT_POLICY_DIR = resolve(
  fileURLToPath(new URL('../../../policy-packs', import.meta.url)),
);

/** List the YAML files at a path: the file itself, or every *.yaml / *.yml in a directory. */
export function packFilesAt(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new BatonError('BATON_INVALID_PACK', { message: `${path}: no such file or directory` });
  }
  if (stat.isFile()) return [path];
  return readdirSync(path)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(path, f));
}

/** Read and parse pack documents (not yet resolved). */
export function readPackDocuments(files: readonly string[]): { doc: PackDocument; file: string }[] {
  return files.map((file) => {
    const text = readFileSync(file, 'utf8');
    return { doc: parsePackText(text, basename(file)), file: basename(file) };
  });
}

/**
 * Load and resolve packs from the given paths. When validating a single local pack on its own,
 * the shipped packs are available as bases (so `extends: national` resolves).
 */
export function loadPacks(
  paths: readonly string[] = [DEFAULT_POLICY_DIR],
): Map<string, ResolvedPack> {
  const docs = readPackDocuments(paths.flatMap(packFilesAt));
  const ids = new Set(docs.map((d) => d.doc.id));
  const needsBase = docs.some((d) => d.doc.extends !== undefined && !ids.has(d.doc.extends));
  if (needsBase) {
    const shipped = readPackDocuments(packFilesAt(DEFAULT_POLICY_DIR)).filter(
      (d) => !ids.has(d.doc.id),
    );
    const all = resolvePackSet([...shipped, ...docs]);
    return new Map([...all].filter(([id]) => ids.has(id)));
  }
  return resolvePackSet(docs);
}
