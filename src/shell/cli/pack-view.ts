/**
 * How `baton policy list` and `baton policy show` present a resolved pack: a summary a
 * safeguarding lead can read, and a JSON form that other programs can rely on.
 */
import type { LevelNumber, ResolvedPack } from '../../core/policy/index.js';
import { count, phoneText, table, wrap } from './output.js';

const LEVELS = [1, 2, 3, 4] as const satisfies readonly LevelNumber[];

/** The list as an aligned table. */
export function packListLines(packs: readonly ResolvedPack[]): string[] {
  return table(
    ['ID', 'AUTHORITY', 'VERSION', 'EFFECTIVE FROM', 'BASE', 'INDICATORS'],
    packs.map((p) => [
      p.id,
      p.authority,
      p.version,
      p.effectiveFrom,
      p.base ? `${p.base.id} ${p.base.version}` : '-',
      String(p.indicators.length),
    ]),
  );
}

/** A readable summary of one pack. */
export function packSummaryLines(pack: ResolvedPack): string[] {
  const lines = [`${pack.authority}: policy pack ${pack.id} ${pack.version}`];
  lines.push(`Effective from ${pack.effectiveFrom}`);
  if (pack.base) lines.push(`Extends ${pack.base.id} ${pack.base.version}`);
  lines.push(`Front door: ${pack.frontDoorName}`);
  if (pack.description !== undefined) lines.push('', ...wrap(pack.description));
  lines.push('', ...wrap(childText(pack)));

  lines.push('', 'Levels');
  for (const n of LEVELS) {
    const level = pack.levels[n];
    const state = pack.states.find((s) => s.id === pack.stateForLevel[n]);
    lines.push(...wrap(`${n} ${level.name}: ${level.summary}`, '  ', '    '));
    if (state) lines.push(`    State: ${state.name}`);
  }
  if (pack.states.length > 0) lines.push('', ...stateLines(pack));

  lines.push(
    '',
    `Indicators: ${pack.indicators.length} in ${count(pack.domains.length, 'domain')}`,
  );
  lines.push(...indicatorCountLines(pack).map((l) => `  ${l}`));
  const uncertain = pack.indicators.filter((i) => i.uncertain === true).length;
  if (uncertain > 0)
    lines.push(`  ${uncertain} rebuilt from garbled source text (marked uncertain)`);
  if (pack.accumulation) {
    const a = pack.accumulation;
    lines.push('', 'Accumulation', ...wrap(a.note, '  '));
    lines.push(
      `  Applies at ${a.minimumIndicators} or more indicators at one level; ${a.raisesLevel ? 'raises the level by one' : 'does not raise the level'}.`,
    );
  }

  lines.push('', 'Contacts');
  for (const c of pack.contacts) {
    lines.push(`  ${c.name} [${c.kind}]`);
    for (const p of c.phones) lines.push(`    ${phoneText(p)}`);
    if (c.online) lines.push(`    ${c.online.label}: ${c.online.url}`);
    if (c.email !== undefined) lines.push(`    ${c.email}`);
    lines.push(...wrap(`Use: ${c.purpose}`, '    ', '      '));
  }

  lines.push('', 'If the child is in immediate danger');
  pack.immediateDanger.forEach((step, n) =>
    lines.push(...wrap(step.text, `  ${n + 1}. `, '     ')),
  );
  const consent = pack.consent;
  const open = pack.openCases;
  lines.push(
    '',
    `Consent: ${count(consent.guidance.length, 'line')} of guidance; ${count(consent.doNotSeekWhen.length, 'reason')} not to seek consent.`,
    `Open cases: ${count(open.earlyHelp.length, 'step')} for early help; ${count(open.socialCare.length, 'step')} for social care.`,
  );
  lines.push('', 'Sources');
  for (const s of pack.sources) {
    const by = [s.publisher, s.published].filter((x): x is string => x !== undefined).join(', ');
    lines.push(...wrap(`${s.id}: ${s.title} (${by})`, '  ', '    '));
  }
  return lines;
}

function childText(pack: ResolvedPack): string {
  const c = pack.child;
  const disabled =
    c.disabledUnderAge === undefined ? '' : ` (under ${c.disabledUnderAge} if disabled)`;
  return `A child is anyone under ${c.underAge}${disabled}${c.includesUnborn ? ', including the unborn' : ''}.`;
}

/** The named states, both ways: state → level and level → state. */
function stateLines(pack: ResolvedPack): string[] {
  return [
    'States (state → level)',
    ...table(
      ['  STATE', 'NAME', 'LEVEL'],
      pack.states.map((s) => [`  ${s.id}`, s.name, String(s.level)]),
    ),
    'Levels → states',
    ...LEVELS.map((n) => `  level ${n} → ${pack.stateForLevel[n] ?? '(none)'}`),
  ];
}

/** Indicator counts per domain and level. */
function indicatorCountLines(pack: ResolvedPack): string[] {
  const rows = pack.domains.map((d) => {
    const inDomain = pack.indicators.filter((i) => i.domain === d.id);
    const perLevel = LEVELS.map((n) => String(inDomain.filter((i) => i.level === n).length));
    return [d.name, ...perLevel, String(inDomain.length)];
  });
  return table(['DOMAIN', 'L1', 'L2', 'L3', 'L4', 'TOTAL'], rows);
}
