export { seedAuthority, type SeedOptions, type SeedSummary } from './seed-authority.js';
export { SeededRandom } from './seeded-random.js';
export { TABLE_ORDER } from './batch-writer.js';
export { countOpenEpisodes } from './open-episodes.js';
