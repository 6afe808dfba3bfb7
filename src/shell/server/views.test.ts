import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { createViewEnvironment, GOVUK_DIST_DIR } from './views.js';

describe('page environment', () => {
  const env = createViewEnvironment();
  const stock = new nunjucks.Environment(new nunjucks.FileSystemLoader(GOVUK_DIST_DIR), {
    autoescape: true,
  });
  const samples = [
    '',
    '   ',
    '  a  ',
    '\n\t <p>x</p>\r\n ',
    'a \n  b',
    '\u00a0\u2003a\u3000\ufeff',
    ` ${'<li> x </li>\n    '.repeat(200)} `,
  ];

  it("trims exactly as Nunjucks' own filter does, escaping unless the text is marked safe", () => {
    for (const text of samples) {
      for (const template of ['{{ t | trim }}', '{{ t | safe | trim }}', '{{ t | trim | safe }}']) {
        expect(env.renderString(template, { t: text })).toBe(
          stock.renderString(template, { t: text }),
        );
      }
    }
    expect(env.renderString('{{ t | trim }}', { t: ' <b> ' })).toBe('&lt;b&gt;');
    expect(env.renderString('{{ t | safe | trim }}', { t: ' <b> ' })).toBe('<b>');
  });

  it('renders GOV.UK macros, which trim their output, as Nunjucks alone does', () => {
    const template =
      '{% from "govuk/components/tag/macro.njk" import govukTag %}' +
      '{% from "govuk/components/summary-list/macro.njk" import govukSummaryList %}' +
      '{{ govukTag({ text: " Open " }) }}' +
      '{{ govukSummaryList({ rows: [{ key: { text: "Name" }, value: { html: "  <b>Ada</b>\n " } }] }) }}';
    const html = env.renderString(template, {});
    expect(html).toContain('<b>Ada</b>');
    expect(html).toBe(stock.renderString(template, {}));
  });
});
