export * from './threshold-evaluator.js';
export * from './practitioner-judgement.js';
