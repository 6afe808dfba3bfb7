export * from './blocking-keys.js';
export * from './identifiers.js';
export * from './person-matching.js';
export * from './relationships.js';
export * from './phone-number.js';
