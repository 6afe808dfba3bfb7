export * from './workflow-schema.js';
export * from './guards.js';
export * from './journey-engine.js';
export * from './panel-dates.js';
export * from './step-rules.js';
export * from './step-effects.js';
export * from './step-payload.js';
export * from './when-it-happened.js';
