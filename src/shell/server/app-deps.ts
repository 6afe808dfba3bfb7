/**
 * What the app is built from. A module of its own so that routes and plugins can name it without
 * importing app.ts, which imports them (that import made a 25-file cycle).
 */
import type { RouteOptions } from 'fastify';
import type { ResolvedPack } from '../../core/policy/index.js';
import type { DatabaseHandle } from '../db/index.js';
import type { Config } from './config.js';

export interface AppDeps {
  handle: DatabaseHandle;
  packs: ReadonlyMap<string, ResolvedPack>;
  config: Config;
  /** The clock, read once per request. Tests pass a fixed one. */
  clock?: () => Date;
  /** Fastify logger setting (false in tests). */
  logger?: boolean | { level: string };
  /** Where the structured log goes (standard output when absent); tests read it. */
  logStream?: { write(line: string): void };
  /** Told of every route as it is added (the security suites build their route table from it). */
  onRoute?: (route: RouteOptions) => void;
}
