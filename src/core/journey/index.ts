export * from './workflow-schema.js';
export * from './guards.js';
export * from './journey-engine.js';
export * from './panel-dates.js';
