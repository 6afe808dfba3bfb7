/**
 * `baton policy show <pack> --workflows`: each workflow as a safeguarding lead would check it
 * against the guidance — a table of its steps, then each step's rules with their citations.
 */
import type { ResolvedPack } from '../../core/policy/index.js';
import { packWorkflows, type StepView, type WorkflowView } from '../policy/pack-workflow-view.js';
import { citationText, table, wrap } from './output.js';

/** Every workflow of the pack, as text. */
export function packWorkflowLines(pack: ResolvedPack): string[] {
  const workflows = packWorkflows(pack);
  const lines = [`${pack.authority}: workflows in policy pack ${pack.id} ${pack.version}`];
  if (workflows.length === 0) return [...lines, '', 'This pack has no workflows.'];
  for (const w of workflows) lines.push('', ...workflowLines(pack, w));
  return lines;
}

function workflowLines(pack: ResolvedPack, w: WorkflowView): string[] {
  const lines = [`${w.name} (${w.id})`];
  lines.push(...wrap(`Source: ${citationText(pack, w.citation)}`, '  ', '    '));
  if (w.startedBy.length > 0)
    lines.push(...wrap(`Started on a child's record by: ${w.startedBy.join(', ')}`, '  ', '    '));
  for (const d of w.opensDeadlines) lines.push(`  Opens: ${d.name} (within ${d.within})`);
  lines.push(
    '',
    ...table(
      ['  STATE', 'LEVEL', 'ENDS', 'NAME'],
      w.states.map((s) => [
        `  ${s.id}`,
        s.level === null ? '-' : String(s.level),
        s.final ? 'yes' : '-',
        s.name,
      ]),
    ),
    '',
    // State ids keep the table narrow; each step below gives the states' names.
    ...table(
      ['  STEP', 'FROM → TO', 'AUTHORISED BY', 'ASKED BY'],
      w.steps.map((t) => [
        `  ${t.id}`,
        `${t.from.map((s) => s.id).join(', ')} → ${t.to.id}`,
        t.authorisedBy.length === 0 ? '-' : t.authorisedBy.join(', '),
        t.requestedBy.join(', '),
      ]),
    ),
  );
  for (const t of w.steps) lines.push('', ...stepLines(pack, t));
  return lines;
}

function stepLines(pack: ResolvedPack, t: StepView): string[] {
  const cite = (c: Parameters<typeof citationText>[1]) => ` (${citationText(pack, c)})`;
  const item = (label: string, value: string) => wrap(`${label}: ${value}`, '    ', '      ');
  const lines = [`  ${t.name} [${t.id}${t.role === null ? '' : `, role ${t.role}`}]`];
  lines.push(...item('From', `${t.from.map((s) => s.name).join(' or ')} to ${t.to.name}`));
  if (t.outcome !== null) lines.push(...item('Outcome recorded', t.outcome));
  lines.push(...item('Asked by', t.requestedBy.join(', ')));
  if (t.authorisedBy.length > 0)
    lines.push(
      ...item(
        'Authorised by',
        `${t.authorisedBy.join(', ')}${t.authorisedIn === null ? '' : ` in ${t.authorisedIn}`}`,
      ),
    );
  for (const g of t.guards) lines.push(...item('Must hold', `${g.text}${cite(g.citation)}`));
  for (const r of t.requires) lines.push(...item('Must carry', `${r.label}${cite(r.citation)}`));
  for (const d of t.opensDeadlines) lines.push(...item('Opens', `${d.name} (within ${d.within})`));
  for (const d of t.closesDeadlines) lines.push(...item('Meets', d.name));
  if (t.handsTo !== null) lines.push(...item('Hands the work to', t.handsTo));
  if (t.starts !== null) lines.push(...item('Starts', t.starts.name));
  if (t.notify.length > 0) lines.push(...item('Tells', t.notify.join(', ')));
  lines.push(...item('Source', citationText(pack, t.citation)));
  return lines;
}
