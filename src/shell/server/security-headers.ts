/**
 * Security headers, worked out once at start-up and set on every response as fixed strings.
 *
 * The one inline script Baton serves is GOV.UK Frontend's, in its page template: it adds
 * `js-enabled` and `govuk-frontend-supported` to <body> before the page paints. The policy allows
 * that script by the SHA-256 hash of its text rather than by a per-request nonce, so nothing is
 * computed per request and every other inline script, injected or not, is still refused.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import helmet from 'helmet';
import { GOVUK_DIST_DIR } from './views.js';

/** The text of every inline script in GOV.UK Frontend's page template (there is one). */
export function govukInlineScripts(
  template = readFileSync(join(GOVUK_DIST_DIR, 'govuk', 'template.njk'), 'utf8'),
): string[] {
  return [...template.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) => m[1] ?? '',
  );
}

/** A CSP source allowing exactly this inline script text: `'sha256-…'`. */
export function cspHashSource(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

/** The content security policy directives (Helmet's defaults apply to the rest). */
export function contentSecurityPolicyDirectives(
  scripts: readonly string[] = govukInlineScripts(),
): Record<string, string[]> {
  // Read from the installed template, so an upgrade that changes the script changes the hash;
  // no script at all means the template moved, which must not silently turn enhancement off.
  if (scripts.length === 0 || scripts.some((s) => /\{[{%#]/.test(s)))
    throw new Error('GOV.UK Frontend template: its inline script was not found');
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", ...scripts.map(cspHashSource)],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
  };
}

/**
 * Helmet's defaults with Baton's content security policy, as header name → value, worked out once.
 * Helmet is middleware that sets fixed strings on a response; it is run here on a recorder.
 */
export function buildSecurityHeaders(): Readonly<Record<string, string>> {
  const middleware = helmet({
    contentSecurityPolicy: { directives: contentSecurityPolicyDirectives() },
    // GOV.UK Frontend's assets are same-origin; keep the defaults otherwise.
    crossOriginEmbedderPolicy: false,
  });
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader() {
      // X-Powered-By: Fastify never sets it.
    },
  };
  // Helmet reads the request only for directives given as functions; Baton's are all strings.
  const noRequest = undefined as unknown as IncomingMessage;
  middleware(noRequest, recorder as unknown as ServerResponse, (err) => {
    if (err !== undefined)
      throw err instanceof Error ? err : new Error('Helmet refused its options');
  });
  return Object.freeze(headers);
}
