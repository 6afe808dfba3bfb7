/**
 * The result of a levels-of-need check as a practitioner reads it: the suggestion first, then
 * why (each reason with its citation), what to do next (with telephone numbers), and consent.
 */
import type { ResolvedPack } from '../../core/policy/index.js';
import type { NextStep, ThresholdResult } from '../../core/threshold/index.js';
import { citationText, phoneText, wrap } from './output.js';

/** Human-readable lines for one result. */
export function thresholdLines(pack: ResolvedPack, r: ThresholdResult): string[] {
  const cite = (c: Parameters<typeof citationText>[1]): string => citationText(pack, c);
  const state = r.state ? ` (state: ${r.state.name})` : '';
  const lines = [`Suggested level ${r.suggestedLevel}: ${r.levelName}${state}`];
  lines.push(...wrap(r.summary));
  lines.push(...wrap(`Response: ${r.response}`), ...wrap(`Who responds: ${r.whoResponds}`));

  if (r.warnings.length > 0) {
    lines.push('', 'Warnings');
    for (const w of r.warnings) lines.push(...wrap(w, '  ! ', '    '));
  }

  if (r.reasons.length > 0) {
    lines.push('', 'Reasons');
    for (const reason of r.reasons) {
      lines.push(...wrap(`Level ${reason.level}: ${reason.text}`, '  - ', '    '));
      lines.push(...wrap(`Source: ${cite(reason.citation)}`, '    ', '      '));
      if (reason.uncertain) lines.push('    Uncertain wording: check it in the source.');
    }
  }

  if (r.accumulation) {
    const a = r.accumulation;
    const effect = a.raisedLevel ? ' This raised the level by one.' : '';
    lines.push('', 'Accumulation');
    lines.push(...wrap(`${a.count} indicators at one level. ${a.note}${effect}`, '  '));
    lines.push(...wrap(`Source: ${cite(a.citation)}`, '  ', '    '));
  }

  if (r.whyNotHigher !== null || r.whyNotLower !== null) lines.push('');
  if (r.whyNotHigher !== null) lines.push(...wrap(`Why not higher: ${r.whyNotHigher}`, '', '  '));
  if (r.whyNotLower !== null) lines.push(...wrap(`Why not lower: ${r.whyNotLower}`, '', '  '));

  lines.push('', 'Next steps');
  if (r.nextSteps.length === 0) lines.push('  None in this pack for this level.');
  r.nextSteps.forEach((step, n) => lines.push(...stepLines(step, n + 1, cite)));

  if (r.consent.guidance.length > 0) {
    lines.push('', 'Consent');
    for (const g of r.consent.guidance) {
      lines.push(...wrap(g.text, '  - ', '    '));
      lines.push(...wrap(`Source: ${cite(g.citation)}`, '    ', '      '));
    }
  }
  if (r.consent.doNotSeekWhen.length > 0) {
    lines.push('', 'Do not seek consent when');
    for (const g of r.consent.doNotSeekWhen) lines.push(...wrap(g.text, '  - ', '    '));
  }

  const base = r.basePack ? `, extending ${r.basePack.id} ${r.basePack.version}` : '';
  lines.push('', `Policy pack: ${r.packId} ${r.packVersion}${base}`);
  return lines;
}

function stepLines(step: NextStep, n: number, cite: (c: NextStep['citation']) => string): string[] {
  const lines = wrap(step.text, `  ${n}. `, '     ');
  if (step.contact) {
    const phones = step.contact.phones.map(phoneText);
    lines.push(
      ...wrap(
        `${step.contact.name}${phones.length > 0 ? `: ${phones.join('; ')}` : ''}`,
        '     ',
        '       ',
      ),
    );
    if (step.contact.online)
      lines.push(`     ${step.contact.online.label}: ${step.contact.online.url}`);
  }
  lines.push(...wrap(`Source: ${cite(step.citation)}`, '     ', '       '));
  return lines;
}
