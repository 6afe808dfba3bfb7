/**
 * The `baton` program: one commander tree built from the command modules, run once.
 * Every failure becomes exit code 1 and one line on stderr (`baton: …`), never a stack trace.
 */
import { Command, CommanderError } from 'commander';
import { isBatonError } from '../../core/errors/error-catalogue.js';
import { registerAdminCommands } from './admin-commands.js';
import { registerBackupCommands } from './backup-commands.js';
import { createContext, type CliContext, type CliIo } from './cli-context.js';
import { registerClientsCommand } from './clients-command.js';
import { registerDocsCommand } from './docs-command.js';
import { firstLine } from './output.js';
import { registerPolicyCommands } from './policy-commands.js';
import { registerReturnsCommands } from './returns-command.js';
import { registerSeedCommand } from './seed-command.js';
import { registerThresholdCommand } from './threshold-command.js';
import { registerWebhooksCommand } from './webhooks-command.js';
import { registerWorkCommands } from './work-commands.js';

/** A command module adds its subcommand(s) to the program. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/** Every command, in the order `baton --help` lists them. A new command is a new module here. */
const COMMANDS: readonly RegisterCommand[] = [
  registerPolicyCommands,
  registerThresholdCommand,
  registerDocsCommand,
  registerBackupCommands,
  registerSeedCommand,
  registerClientsCommand,
  registerAdminCommands,
  registerReturnsCommands,
  registerWebhooksCommand,
  registerWorkCommands,
];

/** Run the CLI with user arguments (no `node` or script path); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = new Command('baton');
  // Inherited settings are copied when a subcommand is created, so set them first.
  program
    .description("Levels of need and step up / step down for English children's services.")
    .option(
      '--policy-dir <path>',
      'read policy packs from this directory (default: $BATON_POLICY_DIR, else policy-packs/)',
    )
    .exitOverride()
    .configureOutput({
      writeOut: io.out,
      writeErr: io.err,
      outputError: (message, write) => {
        write(`baton: ${oneLine(message.replace(/^error: /, ''))}\n`);
      },
    });
  const ctx = createContext(io, () => program.opts<{ policyDir?: string }>().policyDir);
  for (const register of COMMANDS) register(program, ctx);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    // Commander has already printed its own message (usage error) or the help text.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    io.err(`baton: ${failureMessage(e)}\n`);
    return 1;
  }
}

function failureMessage(e: unknown): string {
  // A pack's YAML error carries a code excerpt on later lines; the first line says what and where.
  // An import's rows at fault, or a field at fault, follow one a line.
  if (isBatonError(e) && (e.code === 'BATON_IMPORT_INVALID' || e.code === 'BATON_VALIDATION'))
    return firstLine(e.message) + e.details.map((d) => `\n  ${d.path}: ${d.message}`).join('');
  if (isBatonError(e)) return firstLine(e.message).replace(/:$/, '') || e.code;
  // Anything else is a fault in Baton or the machine: say what, without a stack trace.
  const detail = e instanceof Error ? firstLine(e.message) : String(e);
  return `something went wrong: ${detail}`;
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
