/**
 * One schema per view: each shape the API answers with and the storage layer returns is declared
 * once here, in zod; its TypeScript type is `z.infer` of it, and the API's response schema and
 * OpenAPI document come from the same object. Imports only zod and the core, so every shell layer
 * may use it.
 */
export * from './admin-views.js';
export * from './audit-views.js';
export * from './directory-views.js';
export * from './early-help-views.js';
export * from './front-door-views.js';
export * from './panel-views.js';
export * from './people-views.js';
export * from './record-views.js';
export * from './work-views.js';
