/**
 * Links each glossary word (EHA, s47, MASSH…) to its meaning where it first appears on a page
 * (issue 14 §9). Runs over the rendered page's <main>, so every page gets it without each template
 * marking its words: the first use of a term in the page's text becomes
 * `<a href="/glossary#term-eha"><abbr title="Early Help Assessment">EHA</abbr></a>`.
 * Text inside links, buttons, form labels and controls, headings (levels 1 to 4), table headers and captions, code and scripts is
 * left alone (a link there would be a link in a link, or would change what a click does).
 */
import type { GlossaryTerm } from '../../core/policy/index.js';

/** The id of a term's entry on the glossary page. */
export const glossaryAnchor = (term: string): string => `term-${term.toLowerCase()}`;

// Elements whose text gets no link. Only these tags are read: the rest of the page is not parsed.
const SKIP_TAG =
  /<(\/?)(a|abbr|button|label|legend|select|option|textarea|script|style|code|pre|h1|h2|h3|h4|summary|title|caption|th)(?=[\s>/])[^>]*>/gi;

const escapeAttr = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The page with the first use of each term in <main> linked to the glossary; else unchanged.
 * Cheap on long pages: one pass for the terms, and the skipped elements' tags read only up to each
 * candidate (a few milliseconds for a 500 KB page, where splitting it into tags took ten times that).
 */
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
  const skipTag = new RegExp(SKIP_TAG.source, 'gi');
  const main = html.slice(start, end);
  const used = new Set<string>();
  const skipping: string[] = [];
  const out: string[] = [];
  let copied = 0;
  let tagsRead = false;
  for (const m of main.matchAll(pattern)) {
    const word = m[0];
    const at = m.index;
    if (used.has(word)) continue;
    // Open and close the skipped elements whose tags start before this word.
    while (!tagsRead) {
      const t = skipTag.exec(main);
      if (t === null) {
        tagsRead = true; // (exec has gone back to the start: read no tag twice)
        break;
      }
      if (t.index > at) {
        skipTag.lastIndex = t.index;
        break;
      }
      const name = (t[2] ?? '').toLowerCase();
      if (t[1] === '/') {
        const open = skipping.lastIndexOf(name);
        if (open >= 0) skipping.splice(open, 1);
      } else if (!t[0].endsWith('/>')) skipping.push(name);
    }
    if (skipping.length > 0) continue;
    // Inside a tag (an attribute's value), not the page's text.
    if (main.lastIndexOf('<', at) > main.lastIndexOf('>', at)) continue;
    const t = byTerm.get(word);
    if (t === undefined) continue;
    used.add(word);
    const title = escapeAttr(t.stands ?? t.meaning);
    out.push(
      main.slice(copied, at),
      `<a class="govuk-link" href="/glossary#${glossaryAnchor(word)}"><abbr title="${title}">${word}</abbr></a>`,
    );
    copied = at + word.length;
    if (used.size === byTerm.size) break;
  }
  if (copied === 0) return html;
  out.push(main.slice(copied));
  return html.slice(0, start) + out.join('') + html.slice(end);
}
