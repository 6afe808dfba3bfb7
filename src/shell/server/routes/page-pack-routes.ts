/**
 * Pages: the loaded policy packs, and one pack's workflows — each step with who asks and who
 * authorises, its rules, what it must carry and its deadlines, cited. Published guidance, not
 * personal data, so like GET /api/policy-packs they need no sign-in.
 */
import type { FastifyInstance } from 'fastify';
import type { Citation, ResolvedPack } from '../../../core/policy/index.js';
import { findPack } from '../../policy/pack-views.js';
import { packWorkflows } from '../../policy/pack-workflow-view.js';
import type { AppDeps } from '../app-deps.js';
import { glossaryAnchor } from '../glossary-links.js';

/** "Working Together to Safeguard Children 2023, Chapter 3": the source's title where declared. */
function citationText(pack: ResolvedPack, c: Citation): string {
  const source = pack.sources.find((s) => s.id === c.source);
  return `${source?.title ?? c.source}, ${c.section}`;
}

function workflowsView(pack: ResolvedPack) {
  const cite = (c: Citation) => citationText(pack, c);
  return packWorkflows(pack).map((w) => ({
    ...w,
    source: cite(w.citation),
    steps: w.steps.map((t) => ({
      ...t,
      anchor: `step-${w.id}--${t.id}`,
      source: cite(t.citation),
      guards: t.guards.map((g) => ({ text: g.text, source: cite(g.citation) })),
      requires: t.requires.map((r) => ({ label: r.label, source: cite(r.citation) })),
    })),
  }));
}

export function registerPackPages(app: FastifyInstance, deps: AppDeps): void {
  const packs = () => [...deps.packs.values()].sort((a, b) => a.id.localeCompare(b.id));

  app.get('/policy-packs', async (_request, reply) =>
    reply.render('pack-list.njk', { title: 'Local guidance (policy packs)', packs: packs() }),
  );

  app.get('/policy-packs/:packId', async (request, reply) => {
    const pack = findPack(deps.packs, (request.params as { packId: string }).packId);
    return reply.render('pack.njk', {
      title: `${pack.authority}: policy pack`,
      pack,
      workflows: workflowsView(pack),
    });
  });

  // What the abbreviations on Baton's pages mean: this deployment's pack's words (national ones and
  // the authority's own), each with its source where the pack gives one. Pages link here.
  app.get('/glossary', async (_request, reply) => {
    const pack = deps.packs.get(deps.config.packId);
    return reply.render('glossary.njk', {
      title: 'What the abbreviations mean',
      authority: pack?.authority ?? '',
      terms: (pack?.glossary ?? []).map((t) => ({
        ...t,
        anchor: glossaryAnchor(t.term),
        source: t.citation ? citationText(pack as ResolvedPack, t.citation) : null,
      })),
      glossaryPage: true,
    });
  });
}
