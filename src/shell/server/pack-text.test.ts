import { describe, expect, it } from 'vitest';
import { packTextHtml } from './pack-text.js';

describe('pack text', () => {
  it('shows **words** as strong text, the way the source document emphasised them', () => {
    expect(packTextHtml('a member of **Stockport Family** the transfer')).toBe(
      'a member of <strong>Stockport Family</strong> the transfer',
    );
    expect(packTextHtml('**must** and **partner agency**')).toBe(
      '<strong>must</strong> and <strong>partner agency</strong>',
    );
  });

  it('escapes everything else, so a pack cannot put markup on a page', () => {
    expect(packTextHtml('<script>alert("x")</script> & **<b>bold</b>**')).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <strong>&lt;b&gt;bold&lt;/b&gt;</strong>',
    );
    expect(packTextHtml('[a link](https://example.org) *one* 2 ** 3')).toBe(
      '[a link](https://example.org) *one* 2 ** 3',
    );
    expect(packTextHtml(undefined)).toBe('');
  });
});
