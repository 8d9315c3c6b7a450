// Command-line entry of the sandbox server (built to out/node/sandbox.js). All logic lives in
// sandbox-cli.ts; this file only connects it to the process: exit codes and signals.
import { runSandboxMain } from './sandbox-cli';

const result = await runSandboxMain(process.argv.slice(2), process.stdout, process.stderr);
if (result.kind === 'exit') {
  process.exitCode = result.code;
} else {
  let stopping = false;
  const stop = (): void => {
    // A second signal while closing means "now": leave without waiting.
    if (stopping) process.exit(130);
    stopping = true;
    result.sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`sandbox: error while closing: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
