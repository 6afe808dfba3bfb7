export { csvCell, toCsv } from './csv.js';
