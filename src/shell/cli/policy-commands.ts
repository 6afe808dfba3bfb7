/**
 * `baton policy list | show | validate`: what the loaded policy packs say, and whether a pack
 * file someone has written is valid before it is used.
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { Command } from 'commander';
import { BatonError, ERRORS } from '../../core/errors/error-catalogue.js';
import { DEFAULT_POLICY_DIR } from '../policy/pack-files.js';
import type { CliContext } from './cli-context.js';
import { json, text } from './output.js';
import { validatePackPath, type PackFileResult } from './pack-validation.js';
import { packDetail, packSummary } from '../policy/pack-views.js';
import { packListLines, packSummaryLines } from './pack-view.js';
import { packWorkflowLines } from './pack-workflow-lines.js';
import { packWorkflows } from '../policy/pack-workflow-view.js';

interface JsonOption {
  json?: boolean;
}

/** Adds `baton policy` and its subcommands. */
export function registerPolicyCommands(program: Command, ctx: CliContext): void {
  const policy = program.command('policy').description('list, show and validate policy packs');

  policy
    .command('list')
    .description('list the loaded policy packs')
    .option('--json', 'print JSON')
    .action((options: JsonOption) => {
      const packs = [...ctx.packs().values()].sort((a, b) => a.id.localeCompare(b.id));
      if (options.json === true) ctx.io.out(json(packs.map(packSummary)));
      else if (packs.length === 0) ctx.io.out(text([`No policy packs in ${ctx.policyDir()}.`]));
      else ctx.io.out(text(packListLines(packs)));
    });

  policy
    .command('show')
    .description('summarise one policy pack: levels, states, contacts and indicators')
    .argument('<pack>', 'pack id, e.g. national')
    .option('--json', 'print the resolved pack as JSON (indicators as one flat list)')
    .option('--workflows', 'show the workflows: each step, who asks and authorises, its rules')
    .action((id: string, options: JsonOption & { workflows?: boolean }) => {
      const pack = ctx.pack(id);
      if (options.workflows === true)
        ctx.io.out(
          options.json === true ? json(packWorkflows(pack)) : text(packWorkflowLines(pack)),
        );
      else
        ctx.io.out(options.json === true ? json(packDetail(pack)) : text(packSummaryLines(pack)));
    });

  policy
    .command('validate')
    .description('check a pack file, or every pack file in a directory')
    .argument('<file-or-dir>', 'a .yaml pack file or a directory of them')
    .action((target: string) => {
      validate(ctx, target);
    });
}

function validate(ctx: CliContext, target: string): void {
  const path = ctx.path(target);
  if (!existsSync(path))
    throw new BatonError('BATON_INVALID_PACK', { message: `${target}: no such file or directory` });
  // A local pack is checked with its base from the pack directory, else the shipped packs.
  const results = validatePackPath(path, [ctx.policyDir(), DEFAULT_POLICY_DIR]);
  const shown = (file: string): string => {
    const rel = relative(ctx.io.cwd, file);
    return rel === '' || rel.startsWith('..') ? file : rel;
  };
  for (const r of results) {
    if (r.kind === 'valid') ctx.io.out(text([validLine(shown(r.file), r)]));
    else ctx.io.err(text(invalidLines(shown(r.file), r)));
  }
  const failed = results.filter((r) => r.kind === 'invalid').length;
  if (failed > 0) {
    throw new BatonError('BATON_INVALID_PACK', {
      message: `${failed} of ${results.length} pack file${results.length === 1 ? ' is' : 's are'} not valid`,
    });
  }
}

function validLine(file: string, r: Extract<PackFileResult, { kind: 'valid' }>): string {
  return `${file}: valid (${r.id} ${r.version}, ${r.indicatorCount} indicators)`;
}

/**
 * One line per problem: the file, the path inside it and the reason. A broken contract adds its
 * code and what to do, since the fix (a `role:`) is not obvious from the path alone.
 */
function invalidLines(file: string, r: Extract<PackFileResult, { kind: 'invalid' }>): string[] {
  const lines = r.details.flatMap((d) => {
    const [first = '', ...rest] = d.message.split('\n');
    const where = d.path === '' ? file : `${file}: ${d.path}`;
    return [`${where}: ${first}`, ...rest.filter((l) => l.trim() !== '').map((l) => `    ${l}`)];
  });
  if (r.code === 'BATON_PACK_CONTRACT')
    lines.push(`${file}: ${r.code}: ${ERRORS.BATON_PACK_CONTRACT.message}`);
  return lines;
}
