/**
 * Links each glossary word (EHA, s47, MASSH…) to its meaning where it first appears on a page
 * (issue 14 §9). Runs over the rendered page's <main>, so every page gets it without each template
 * marking its words: the first use of a term in the page's text becomes
 * `<a href="/glossary#term-eha"><abbr title="Early Help Assessment">EHA</abbr></a>`.
 * Text inside links, buttons, form labels and controls, headings of level 1, code and scripts is
 * left alone (a link there would be a link in a link, or would change what a click does).
 */
import type { GlossaryTerm } from '../../core/policy/index.js';

/** The id of a term's entry on the glossary page. */
export const glossaryAnchor = (term: string): string => `term-${term.toLowerCase()}`;

const SKIP = new Set([
  'a',
  'abbr',
  'button',
  'label',
  'legend',
  'select',
  'option',
  'textarea',
  'script',
  'style',
  'code',
  'pre',
  'h1',
  'summary',
  'title',
]);

const escapeAttr = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The page with the first use of each term in <main> linked to the glossary; else unchanged. */
export function linkGlossaryTerms(html: string, terms: readonly GlossaryTerm[]): string {
  const start = html.indexOf('<main');
  const end = html.lastIndexOf('</main>');
  if (start < 0 || end < start || terms.length === 0) return html;
  const byTerm = new Map(terms.map((t) => [t.term, t]));
  // Longest first, so that MASSH is not read as MASH; terms are single words (the pack schema).
  const pattern = new RegExp(
    `(?<![A-Za-z0-9-])(${[...byTerm.keys()].sort((a, b) => b.length - a.length).join('|')})(?![A-Za-z0-9-])`,
    'g',
  );
  const used = new Set<string>();
  const skipping: string[] = [];
  const main = html.slice(start, end);
  const out = main.split(/(<[^>]*>)/).map((part) => {
    if (part.startsWith('<')) {
      const m = /^<(\/?)([a-zA-Z0-9]+)/.exec(part);
      const name = m?.[2]?.toLowerCase() ?? '';
      if (SKIP.has(name) && !part.endsWith('/>')) {
        if (m?.[1] === '/') {
          const at = skipping.lastIndexOf(name);
          if (at >= 0) skipping.splice(at, 1);
        } else skipping.push(name);
      }
      return part;
    }
    if (skipping.length > 0 || part.trim() === '') return part;
    return part.replace(pattern, (word: string) => {
      const t = byTerm.get(word);
      if (t === undefined || used.has(word)) return word;
      used.add(word);
      const title = t.stands ?? t.meaning;
      return `<a class="govuk-link" href="/glossary#${glossaryAnchor(word)}"><abbr title="${escapeAttr(title)}">${word}</abbr></a>`;
    });
  });
  return html.slice(0, start) + out.join('') + html.slice(end);
}
