/**
 * `baton docs generate`: writes the documents generated from code (the policy pack JSON Schema
 * and docs/errors.md). Run through `npm run docs:generate`; a test fails when they are stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { DOCS_DIR, GENERATED_DOCS } from '../docs/generate-docs.js';
import type { CliContext } from './cli-context.js';
import { text } from './output.js';

/** Adds `baton docs generate`. */
export function registerDocsCommand(program: Command, ctx: CliContext): void {
  const docs = program.command('docs').description('documents generated from the code');
  docs
    .command('generate')
    .description('write docs/policy-pack.schema.json and docs/errors.md')
    .option('--out <dir>', 'write into this directory instead of docs/')
    .action((options: { out?: string }) => {
      const dir = options.out === undefined ? DOCS_DIR : ctx.path(options.out);
      mkdirSync(dir, { recursive: true });
      const written = GENERATED_DOCS.map((doc) => {
        const file = join(dir, doc.file);
        writeFileSync(file, doc.render());
        return `wrote ${relative(ctx.io.cwd, file) || file}`;
      });
      ctx.io.out(text(written));
    });
}
