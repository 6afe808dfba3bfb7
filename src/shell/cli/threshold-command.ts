/**
 * `baton threshold`: the levels-of-need check from the command line. The suggestion is only a
 * suggestion; the practitioner's judgement is recorded elsewhere.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { BatonError, isBatonError } from '../../core/errors/error-catalogue.js';
import {
  evaluateThreshold,
  openToValues,
  type OpenTo,
  type ThresholdResult,
} from '../../core/threshold/index.js';
import type { CliContext } from './cli-context.js';
import { json, text } from './output.js';
import { thresholdLines } from './threshold-view.js';

interface ThresholdOptions {
  pack: string;
  indicator?: string[];
  age?: number;
  unborn?: boolean;
  disabled?: boolean;
  immediateDanger?: boolean;
  openTo?: OpenTo;
  json?: boolean;
}

/** Adds `baton threshold`. */
export function registerThresholdCommand(program: Command, ctx: CliContext): void {
  program
    .command('threshold')
    .description('suggest a level of need from indicators in a policy pack')
    .requiredOption('--pack <id>', 'policy pack id, e.g. national')
    .option('--indicator <id...>', 'indicator id(s) from the pack (repeat or list several)')
    .option('--age <years>', "the child's age in whole years", parseAge)
    .option('--unborn', 'the child is not yet born')
    .option('--disabled', 'the child or young person is disabled')
    .option('--immediate-danger', 'the child is in immediate danger now')
    .addOption(
      new Option('--open-to <service>', 'a service the child is already open to')
        .choices(openToValues)
        .default('none'),
    )
    .option('--json', 'print the result as JSON')
    .action((options: ThresholdOptions) => {
      const pack = ctx.pack(options.pack);
      const result = check(pack.id, () =>
        evaluateThreshold(pack, {
          // Commas as well as spaces, so `--indicator a,b` works as people expect.
          indicatorIds: (options.indicator ?? [])
            .flatMap((i) => i.split(','))
            .map((i) => i.trim())
            .filter((i) => i !== ''),
          ageYears: options.age,
          unborn: options.unborn,
          disabled: options.disabled,
          immediateDanger: options.immediateDanger,
          openTo: options.openTo,
        }),
      );
      ctx.io.out(options.json === true ? json(result) : text(thresholdLines(pack, result)));
    });
}

function parseAge(value: string): number {
  const age = Number(value);
  if (!/^\d{1,3}$/.test(value.trim()) || age > 130) {
    throw new InvalidArgumentError('Give the age in whole years, e.g. 14.');
  }
  return age;
}

/** Runs the check, rewording an unknown-indicator error to name every unknown id and its nearest ids. */
function check(packId: string, run: () => ThresholdResult): ThresholdResult {
  try {
    return run();
  } catch (e) {
    if (!isBatonError(e) || e.code !== 'BATON_UNKNOWN_INDICATOR') throw e;
    const parts = unknownIds(e).map(({ id, closest }) =>
      closest.length > 0 ? `"${id}" (did you mean ${closest.join(', ')}?)` : `"${id}"`,
    );
    if (parts.length === 0) throw e;
    throw new BatonError('BATON_UNKNOWN_INDICATOR', {
      message: `Unknown indicator${parts.length === 1 ? '' : 's'} for pack "${packId}": ${parts.join('; ')}. See the ids with \`baton policy show ${packId}\`.`,
      details: [...e.details],
      extra: { ...e.extra },
    });
  }
}

function unknownIds(e: BatonError): { id: string; closest: string[] }[] {
  const unknown = e.extra['unknown'];
  const suggestions = e.extra['suggestions'];
  if (!Array.isArray(unknown)) return [];
  return unknown
    .filter((id): id is string => typeof id === 'string')
    .map((id) => {
      const closest: unknown =
        typeof suggestions === 'object' && suggestions !== null
          ? (suggestions as Record<string, unknown>)[id]
          : undefined;
      return {
        id,
        closest: Array.isArray(closest)
          ? closest.filter((c): c is string => typeof c === 'string')
          : [],
      };
    });
}
