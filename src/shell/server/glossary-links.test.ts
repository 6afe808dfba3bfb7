import { describe, expect, it } from 'vitest';
import { linkGlossaryTerms } from './glossary-links.js';

const terms = [
  { term: 'EHA', stands: 'Early Help Assessment', meaning: 'An assessment.' },
  { term: 'MASH', stands: 'Multi-Agency Safeguarding Hub', meaning: 'A hub.' },
  { term: 'MASSH', stands: 'Multi Agency Safeguarding and Support Hub', meaning: 'A hub.' },
  { term: 's47', stands: 'Section 47 of the Children Act 1989', meaning: 'Enquiries.' },
];
const page = (main: string) =>
  `<title>EHA</title><nav>EHA</nav><main id="main">${main}</main><footer>EHA</footer>`;

describe('glossary links', () => {
  it('links the first use of each term in <main> to its meaning, and only the first', () => {
    const html = linkGlossaryTerms(
      page('<p>Start an EHA. The EHA is due; s47 enquiries.</p>'),
      terms,
    );
    expect(html).toContain(
      '<a class="govuk-link" href="/glossary#term-eha"><abbr title="Early Help Assessment">EHA</abbr></a>',
    );
    expect(html.match(/href="\/glossary#term-eha"/g)).toHaveLength(1);
    expect(html).toContain('href="/glossary#term-s47"');
    // Outside <main> nothing changes.
    expect(html.startsWith('<title>EHA</title><nav>EHA</nav>')).toBe(true);
    expect(html.endsWith('<footer>EHA</footer>')).toBe(true);
  });

  it('reads whole words only: MASSH is not MASH, and EHAS or pre-EHA is no term', () => {
    const html = linkGlossaryTerms(page('<p>Call the MASSH. EHAS pre-EHA</p>'), terms);
    expect(html).toContain('href="/glossary#term-massh"');
    expect(html).not.toContain('term-mash');
    expect(html).not.toContain('term-eha');
  });

  it('leaves links, buttons, labels, the h1 and attributes alone and links a later use instead', () => {
    const html = linkGlossaryTerms(
      page(
        '<h1>EHA</h1><a href="/x">EHA</a><label for="a">EHA</label><button>EHA</button>' +
          '<input value="EHA" aria-label="EHA"><p>The EHA</p>',
      ),
      terms,
    );
    expect(html).toContain(
      '<h1>EHA</h1><a href="/x">EHA</a><label for="a">EHA</label><button>EHA</button>',
    );
    expect(html).toContain('<input value="EHA" aria-label="EHA"><p>The <a class="govuk-link"');
  });

  it('keeps track of skipped elements across the page, after the last of them as well', () => {
    const html = linkGlossaryTerms(
      page('<p><a href="/a">EHA</a> then EHA</p><label>MASH</label><p>MASH and s47</p>'),
      terms,
    );
    expect(html).toContain(
      '<a href="/a">EHA</a> then <a class="govuk-link" href="/glossary#term-eha">',
    );
    expect(html).toContain(
      '<label>MASH</label><p><a class="govuk-link" href="/glossary#term-mash">',
    );
    expect(html).toContain('href="/glossary#term-s47"');
    // Nothing to link: the page comes back as it was.
    const plain = page('<p>Nothing here</p>');
    expect(linkGlossaryTerms(plain, terms)).toBe(plain);
  });
});
