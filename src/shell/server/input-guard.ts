/**
 * Input every route refuses before it is validated or stored.
 *
 * Nesting: a JSON body nested thousands deep overflowed the stack in the recursive code after the
 * parser (a 500), and one a little shallower was stored and then broke the record's history when
 * read back. The JSON parser is replaced by one that first counts nesting in the raw text, with a
 * loop rather than recursion, and refuses more than MAX_JSON_DEPTH levels (no Baton schema needs
 * more than about six). Size is bounded by Fastify's `bodyLimit`, set in app.ts.
 *
 * Refuse text that no database here can store the same way: a NUL character (U+0000) is an error
 * in PostgreSQL text but is kept by SQLite. Checked once, at the edge, for every route, so the
 * answer is a coded 400 on both databases rather than a 500 on one (found by the API fuzz suite).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BatonError } from '../../core/errors/error-catalogue.js';

/** The path to the first string holding a NUL character, or null. */
function nulPath(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 32 || typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = key.includes('\u0000')
      ? path
      : nulPath(inner, path === '' ? key : `${path}.${key}`, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** The most levels of objects and arrays a JSON body may have. */
export const MAX_JSON_DEPTH = 32;

/** The deepest nesting of objects and arrays in JSON text (brackets inside strings ignored). */
export function jsonDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character, including a quote
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** Install the checks (before validation, so every route and page is covered). */
export function installInputGuard(app: FastifyInstance): void {
  // Fastify's own parser (secure-json-parse: refuses `__proto__` and `constructor.prototype`),
  // called only once the depth is known to be safe. Routes registered after this inherit it.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      done(new BatonError('BATON_INPUT_TOO_DEEP'), undefined);
      return;
    }
    // The default parser answers through `done` (its return value is only its type).
    void parseJson(request, text, done);
  });
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const path =
      nulPath(request.params, '') ?? nulPath(request.query, '') ?? nulPath(request.body, '');
    if (path !== null)
      throw new BatonError('BATON_VALIDATION', {
        details: [
          { path: path === '' ? '(request)' : path, message: 'Remove the NUL character (U+0000)' },
        ],
      });
  });
}
