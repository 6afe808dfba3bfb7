/**
 * Reads policy pack YAML files from disk and hands them to the pure resolver.
 * The default directory is `policy-packs/` at the root of the checkout (override: BATON_POLICY_DIR).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatonError } from '../../core/errors/error-catalogue.js';
import { parsePackText, resolvePackSet, type ResolvedPack } from '../../core/policy/index.js';
import { z } from 'zod';
import { packDocumentSchema, type PackDocument } from '../../core/policy/pack-schema.js';

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

/**
 * Where validated packs are cached as JSON, keyed by a hash of the YAML text and of the schema
 * code: an edited pack or a new Baton version misses the cache and is parsed and validated again.
 */
const CACHE_DIR =
  process.env.BATON_CACHE_DIR ?? resolve(DEFAULT_POLICY_DIR, '..', 'data', 'cache', 'packs');
let schemaStamp: string | undefined;

function cacheKey(text: string): string {
  // The schema's own JSON Schema: it changes whenever any part of the pack format changes
  // (fields, nesting, defaults), so a cached pack can never outlive the format it was checked against.
  schemaStamp ??= createHash('sha256')
    .update(JSON.stringify(z.toJSONSchema(packDocumentSchema, { io: 'input' })))
    .digest('hex');
  return createHash('sha256').update(schemaStamp).update(text).digest('hex');
}

function readCached(key: string): PackDocument | null {
  try {
    return JSON.parse(readFileSync(join(CACHE_DIR, `${key}.json`), 'utf8')) as PackDocument;
  } catch {
    return null;
  }
}

function writeCached(key: string, doc: PackDocument): void {
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = join(CACHE_DIR, `${key}.${String(process.pid)}.tmp`);
    writeFileSync(tmp, JSON.stringify(doc));
    renameSync(tmp, join(CACHE_DIR, `${key}.json`));
  } catch {
    // The cache only saves time; a read-only disk just means parsing every start.
  }
}

/** Read and parse pack documents (not yet resolved). */
export function readPackDocuments(files: readonly string[]): { doc: PackDocument; file: string }[] {
  return files.map((file) => {
    const text = readFileSync(file, 'utf8');
    const key = cacheKey(text);
    const cached = readCached(key);
    if (cached) return { doc: cached, file: basename(file) };
    const doc = parsePackText(text, basename(file));
    writeCached(key, doc);
    return { doc, file: basename(file) };
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
