export * from './request-context.js';
export * from './audit-repository.js';
export * from './auth-repository.js';
export * from './threshold-check-repository.js';
export * from './child-access.js';
export * from './work-repository.js';
