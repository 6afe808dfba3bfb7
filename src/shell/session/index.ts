export { Session, type SessionScope } from './session.js';
