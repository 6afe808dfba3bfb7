import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildSecurityHeaders,
  contentSecurityPolicyDirectives,
  cspHashSource,
  govukInlineScripts,
} from './security-headers.js';

// GOV.UK Frontend's published hash for its template's inline script.
const GOVUK_SCRIPT_HASH = "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='";

describe('security headers', () => {
  it("finds GOV.UK Frontend's one inline script and allows it by its published hash", () => {
    const scripts = govukInlineScripts();
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toContain("document.body.className += ' js-enabled'");
    expect(scripts.map(cspHashSource)).toEqual([GOVUK_SCRIPT_HASH]);
  });

  it('hashes the exact text: one changed character is another hash', () => {
    const text = "document.body.className += ' js-enabled'";
    expect(cspHashSource(text)).toBe(
      `'sha256-${createHash('sha256').update(text).digest('base64')}'`,
    );
    expect(cspHashSource(`${text};`)).not.toBe(cspHashSource(text));
  });

  it('skips scripts with a src and refuses a template whose inline script is missing or templated', () => {
    expect(govukInlineScripts('<script src="/a.js"></script><script>go()</script>')).toEqual([
      'go()',
    ]);
    expect(() => contentSecurityPolicyDirectives([])).toThrow(/inline script was not found/);
    expect(() => contentSecurityPolicyDirectives(['x = "{{ value }}"'])).toThrow();
  });

  it('builds the headers once, as fixed strings, with no inline script but the hashed one', () => {
    const headers = buildSecurityHeaders();
    const csp = headers['content-security-policy'] ?? '';
    expect(csp).toContain(`script-src 'self' ${GOVUK_SCRIPT_HASH};`);
    expect(csp).not.toMatch(/unsafe-inline|nonce-/);
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers['strict-transport-security']).toMatch(/^max-age=/);
    expect(Object.isFrozen(headers)).toBe(true);
    expect(Object.values(headers).every((v) => typeof v === 'string')).toBe(true);
  });
});
