export * from './database.js';
export type * from './schema.js';
export type { Dialect } from './migrations/index.js';
export { withTransaction } from './unit-of-work.js';
