export * from './roles.js';
export * from './access-policy.js';
