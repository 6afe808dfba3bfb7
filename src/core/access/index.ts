export * from './roles.js';
export * from './access-policy.js';
export * from './child-access-policy.js';
export * from './password-policy.js';
export * from './emergency-reason.js';
export * from './admin-policy.js';
