/** Statutory returns: DfE code sets, the CIN census model, its episodes, XML and rules. */
export * from './code-sets.js';
export * from './census-model.js';
export * from './cin-episodes.js';
export * from './census-child.js';
export * from './census-xml.js';
export * from './census-rules.js';
export * from './social-care-recording.js';
