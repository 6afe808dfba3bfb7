/**
 * `baton policy validate`: check one pack file, or every pack file in a directory, and report
 * every problem in every file rather than stopping at the first, so a pack can be fixed in one
 * pass. A local pack is checked together with its base pack, looked for among the files given,
 * then in the pack directories (a half-written pack there is skipped, not reported).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  BatonError,
  isBatonError,
  type ErrorCode,
  type ErrorDetail,
} from '../../core/errors/error-catalogue.js';
import { parsePackText, resolvePackSet, type PackDocument } from '../../core/policy/index.js';
import { packFilesAt } from '../policy/pack-files.js';
import { firstLine } from './output.js';

export type PackFileResult =
  | { kind: 'valid'; file: string; id: string; version: string; indicatorCount: number }
  | { kind: 'invalid'; file: string; details: readonly ErrorDetail[]; code?: ErrorCode };

interface PackEntry {
  doc: PackDocument;
  /** The name resolver errors use: the file's base name. */
  file: string;
}

/** Validate the pack file(s) at `target` (absolute). Results are in file-name order. */
export function validatePackPath(target: string, baseDirs: readonly string[]): PackFileResult[] {
  const files = packFilesAt(target);
  if (files.length === 0) {
    throw new BatonError('BATON_INVALID_PACK', {
      message: `${target}: there are no policy pack files (*.yaml) here`,
    });
  }
  const results = new Map<string, PackFileResult>();
  const own = new Map<string, { path: string; entry: PackEntry }>();
  for (const path of files) {
    try {
      const entry = readEntry(path);
      const clash = own.get(entry.doc.id);
      if (clash) {
        const message = `pack id "${entry.doc.id}" is also used by ${clash.entry.file}`;
        results.set(path, { kind: 'invalid', file: path, details: [{ path: 'id', message }] });
      } else own.set(entry.doc.id, { path, entry });
    } catch (e) {
      results.set(path, invalidResult(path, e));
    }
  }

  const pool = new Map([...own].map(([id, o]) => [id, o.entry]));
  const needsBase = [...pool.values()].some(
    (e) => e.doc.extends !== undefined && !pool.has(e.doc.extends),
  );
  if (needsBase) {
    for (const entry of baseDirs.flatMap(readableEntries)) {
      if (!pool.has(entry.doc.id)) pool.set(entry.doc.id, entry);
    }
  }

  for (const { path, entry } of own.values()) {
    try {
      const pack = resolvePackSet([...baseChain(entry.doc, pool), entry]).get(entry.doc.id);
      if (!pack) throw new Error(`pack ${entry.doc.id} did not resolve`);
      results.set(path, {
        kind: 'valid',
        file: path,
        id: pack.id,
        version: pack.version,
        indicatorCount: pack.indicators.length,
      });
    } catch (e) {
      results.set(path, invalidResult(path, e));
    }
  }
  return files.map((f) => results.get(f)).filter((r): r is PackFileResult => r !== undefined);
}

/** The packs `doc` builds on, base first (stops at a missing base or a loop; the resolver reports both). */
function baseChain(doc: PackDocument, pool: ReadonlyMap<string, PackEntry>): PackEntry[] {
  const chain: PackEntry[] = [];
  const seen = new Set([doc.id]);
  let next = doc.extends;
  while (next !== undefined && !seen.has(next)) {
    const entry = pool.get(next);
    if (!entry) break;
    seen.add(next);
    chain.unshift(entry);
    next = entry.doc.extends;
  }
  return chain;
}

/** Every pack in a directory that parses; others may be editing the rest. */
function readableEntries(dir: string): PackEntry[] {
  const entries: PackEntry[] = [];
  let files: string[];
  try {
    files = packFilesAt(dir);
  } catch {
    return [];
  }
  for (const path of files) {
    try {
      entries.push(readEntry(path));
    } catch {
      // Not a usable base; if a pack needs it, resolving reports the base as missing.
    }
  }
  return entries;
}

function readEntry(path: string): PackEntry {
  return { doc: parsePackText(readFileSync(path, 'utf8'), basename(path)), file: basename(path) };
}

function invalidResult(path: string, e: unknown): PackFileResult {
  if (!isBatonError(e)) throw e;
  const name = basename(path);
  const errorFile = typeof e.extra['file'] === 'string' ? e.extra['file'] : name;
  if (errorFile !== name) {
    const message = `the base pack in ${errorFile} is not valid: ${firstLine(e.message)}`;
    return { kind: 'invalid', file: path, details: [{ path: 'extends', message }] };
  }
  const details = e.details.length > 0 ? e.details : [{ path: '', message: e.message }];
  // A YAML syntax error names the file as its path; the message already says line and column.
  return {
    kind: 'invalid',
    file: path,
    details: details.map((d) => (d.path === name ? { path: '', message: d.message } : d)),
    code: e.code,
  };
}
