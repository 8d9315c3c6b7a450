// Entry point of `nomad-upload` (built to out/node/cli.js, package.json "bin").

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { USAGE, UsageError, parseCliArgs } from './cli/args';
import { runAttach } from './cli/run-attach';
import { runFolders } from './cli/run-folders';
import { runLeftovers } from './cli/run-leftovers';
import { runLogin } from './cli/run-login';
import { runDoctor } from './cli/run-doctor';
import { runUpload, type CliIo } from './cli/run-upload';
import { runWatch } from './cli/run-watch';
import { capHeapGrowth } from './engine/heap-growth';
import { useKeepAliveDispatcher } from './engine/keep-alive';
import type { Sandbox, SandboxOptions } from './sandbox';
import { forTerminal } from '../shared/visible-text';

/**
 * The local sandbox carries the AWS SDK and s3rver: loaded only when a command uses it. A
 * static import cost every upload to a real server 4–15 s of start-up on the busy 2-core
 * bench machine (the WAN bench's lead-in: engine 5–6 s, the lean client 1.2–1.6 s).
 */
const startSandbox = async (options: SandboxOptions): Promise<Sandbox> => (await import('./sandbox')).startSandbox(options);

export async function main(argv: readonly string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  let command;
  try {
    command = parseCliArgs(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`nomad-upload: ${forTerminal(error.message)}\nRun "nomad-upload --help" for the options.\n`);
    return 2;
  }
  switch (command.command) {
    case 'help':
      io.stdout.write(`${USAGE}\n`);
      return 0;
    case 'upload':
      return runUpload(command, io, (dataDir) => startSandbox({ dataDir }));
    case 'watch':
      return runWatch(command, io, (dataDir) => startSandbox({ dataDir }));
    case 'leftovers':
    case 'discard':
      return runLeftovers(command, io, (dataDir) => startSandbox({ dataDir }));
    case 'folders':
      return runFolders(command, io, (dataDir) => startSandbox({ dataDir }));
    case 'attach':
      return runAttach(command, io, (dataDir) => startSandbox({ dataDir }));
    case 'login':
      return runLogin(command, io, (dataDir) => startSandbox({ dataDir }));
    case 'doctor':
      return runDoctor(command, io, (dataDir) => startSandbox({ dataDir }));
  }
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  capHeapGrowth();
  useKeepAliveDispatcher();
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    onInterrupt(handler) {
      const onInt = (): void => handler('SIGINT');
      const onTerm = (): void => handler('SIGTERM');
      process.once('SIGINT', onInt);
      process.once('SIGTERM', onTerm);
      return () => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
      };
    },
  };
  main(process.argv.slice(2), io, process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`nomad-upload: unexpected error: ${forTerminal((error as Error)?.message ?? String(error))}\n`);
      process.exitCode = 1;
    },
  );
}
