/** Statutory returns: DfE code sets, the CIN census model, its episodes, XML and rules; Ofsted Annex A. */
export * from './code-sets.js';
export * from './census-model.js';
export * from './cin-episodes.js';
export * from './census-child.js';
export * from './census-xml.js';
export * from './census-rules.js';
export * from './census-return-rules.js';
export * from './annex-a-lists.js';
export * from './annex-a-values.js';
export * from './annex-a-rows.js';
export * from './data-quality.js';
export * from './social-care-recording.js';
export * from './pre-proceedings-definitions.js';
export * from './pre-proceedings.js';
export * from './pre-proceedings-rules.js';
