/**
 * Policy-pack words on a page. Pack authors copy quotes from the local documents, keeping their
 * emphasis as Markdown (`**Stockport Family**`). The one piece of Markdown a pack may use is
 * `**strong**`: everything is HTML-escaped first, then each pair of `**` around some words becomes
 * <strong>. Nothing else is markup, so a pack cannot put HTML, links or scripts on a page.
 */
import nunjucks from 'nunjucks';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Pack text as safe HTML: escaped, with `**words**` as <strong>words</strong>. */
export function packTextHtml(text: string | null | undefined): string {
  const escaped = (text ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
  // Non-greedy and never across another `*`: "**a** and **b**" is two strong runs, "2 ** 3" none.
  return escaped.replace(/\*\*([^*\s](?:[^*]*[^*\s])?)\*\*/g, '<strong>$1</strong>');
}

/** The Nunjucks `packText` filter: the same, marked safe so autoescaping leaves it alone. */
export function packTextFilter(text: string | null | undefined): nunjucks.runtime.SafeString {
  return new nunjucks.runtime.SafeString(packTextHtml(text));
}
