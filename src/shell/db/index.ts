export * from './database.js';
export type * from './schema.js';
export type { Dialect } from './migrations/index.js';
