export * from './pack-schema.js';
export * from './pack-resolver.js';
export * from './pack-contract.js';
export * from './episode-steps.js';
