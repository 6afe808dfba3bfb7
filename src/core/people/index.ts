export * from './identifiers.js';
export * from './person-matching.js';
