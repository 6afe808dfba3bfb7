import type { Kysely } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/** One migration: ordered by name, never edited after it lands. */
export interface BatonMigration {
  name: string;
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}
