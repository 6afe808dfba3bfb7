/**
 * Named (server-side prepared) statements for PostgreSQL. Kysely sends every query as an unnamed
 * statement, so PostgreSQL parses and plans the same SQL text again on every request. A pool
 * wrapped here gives each single data statement a name derived from its text, so each pooled
 * connection parses it once and then only binds and executes it.
 *
 * The name is a hash of the text, so two texts can never share a name. After migrations change
 * the schema the names move to a new generation: a statement prepared against the old schema
 * ("cached plan must not change result type") is never reused.
 */
import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

const PATCHED = Symbol('baton.namedStatements');

// One statement, starting with a data verb: DDL, SET, BEGIN/COMMIT and multi-statement text stay
// unnamed (PostgreSQL cannot prepare several statements, nor most utility statements).
const NAMEABLE = /^\s*(select|insert|update|delete|with)\b/i;

interface NamingState {
  enabled: boolean;
  generation: number;
}

type QueryFn = (...args: unknown[]) => unknown;

/** A pool whose clients run data statements as named prepared statements. */
export interface NamedStatementPool extends PostgresPool {
  /** Run `work` with naming off (migrations); afterwards names start a new generation. */
  withoutNamedStatements<T>(work: () => Promise<T>): Promise<T>;
}

export function statementName(text: string, generation: number): string {
  const hash = createHash('sha1').update(text).digest('base64url');
  return `baton${String(generation)}_${hash}`;
}

function patch(client: PostgresPoolClient, state: NamingState): PostgresPoolClient {
  const marked = client as PostgresPoolClient & { [PATCHED]?: true };
  if (marked[PATCHED] === true) return client;
  const original = (client.query as unknown as QueryFn).bind(client);
  const names = new Map<string, string>();
  const query: QueryFn = (text, values, ...rest) => {
    if (
      state.enabled &&
      typeof text === 'string' &&
      Array.isArray(values) &&
      rest.length === 0 &&
      NAMEABLE.test(text) &&
      !text.includes(';')
    ) {
      const key = `${String(state.generation)}:${text}`;
      let name = names.get(key);
      if (name === undefined) {
        name = statementName(text, state.generation);
        names.set(key, name);
      }
      return original({ name, text, values });
    }
    return original(text, values, ...rest);
  };
  Object.defineProperty(client, 'query', { value: query, configurable: true, writable: true });
  Object.defineProperty(client, PATCHED, { value: true });
  return client;
}

/** Wrap a pg Pool (anything with `connect` and `end`) for Kysely's PostgresDialect. */
export function withNamedStatements(pool: PostgresPool): NamedStatementPool {
  const state: NamingState = { enabled: true, generation: 0 };
  return {
    connect: async () => patch(await pool.connect(), state),
    end: () => pool.end(),
    async withoutNamedStatements<T>(work: () => Promise<T>): Promise<T> {
      state.enabled = false;
      try {
        return await work();
      } finally {
        state.generation += 1;
        state.enabled = true;
      }
    },
  };
}
