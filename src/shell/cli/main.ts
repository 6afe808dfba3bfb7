/**
 * Entry point of the `baton` command (bin/baton.js imports the compiled file): runs one command
 * against the real process and leaves the exit code for Node to use when it finishes.
 */
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  stdin: async () => {
    let all = '';
    for await (const chunk of process.stdin) all += String(chunk);
    return all;
  },
});
