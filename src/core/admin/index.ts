export * from './user-import.js';
