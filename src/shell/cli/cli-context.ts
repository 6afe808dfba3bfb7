/**
 * What every command is given: where to write, the environment, and where the policy packs are.
 * Commands use this rather than `process`, so tests can run them in-process and capture output.
 */
import { resolve } from 'node:path';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import { DEFAULT_POLICY_DIR, loadPacks } from '../policy/pack-files.js';

/** The outside world as the CLI sees it. */
export interface CliIo {
  /** Write to standard output (text already ends in a newline). */
  out: (text: string) => void;
  /** Write to standard error. */
  err: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  /** Relative paths on the command line are resolved against this directory. */
  cwd: string;
  /** All of standard input (a password given with `--password-stdin`). */
  stdin?: () => Promise<string>;
}

export interface CliContext {
  io: CliIo;
  /** An absolute path for a path given on the command line. */
  path: (given: string) => string;
  /** The pack directory: `--policy-dir`, else BATON_POLICY_DIR, else the shipped packs. */
  policyDir: () => string;
  /** Every pack in the pack directory, resolved. */
  packs: () => Map<string, ResolvedPack>;
  /** One pack by id, or BATON_UNKNOWN_PACK naming the packs there are. */
  pack: (id: string) => ResolvedPack;
}

/** Build the context; `globalPolicyDir` reads `--policy-dir` once commander has parsed it. */
export function createContext(io: CliIo, globalPolicyDir: () => string | undefined): CliContext {
  const path = (given: string): string => resolve(io.cwd, given);
  const policyDir = (): string => {
    const given = globalPolicyDir() ?? nonEmpty(io.env['BATON_POLICY_DIR']);
    return given === undefined ? DEFAULT_POLICY_DIR : path(given);
  };
  const packs = (): Map<string, ResolvedPack> => loadPacks([policyDir()]);
  const pack = (id: string): ResolvedPack => {
    const all = packs();
    const found = all.get(id);
    if (found) return found;
    const ids = [...all.keys()].sort();
    throw new BatonError('BATON_UNKNOWN_PACK', {
      message: `There is no policy pack "${id}". Loaded packs: ${ids.length > 0 ? ids.join(', ') : 'none'} (see \`baton policy list\`).`,
      extra: { pack: id, loaded: ids },
    });
  };
  return { io, path, policyDir, packs, pack };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
