// Asking the person at the terminal for what a sign-in needs (a two-factor code, a new
// password, the address an SSO sign-in ended on). Secrets are never echoed. Without a
// terminal nobody is asked — a job in CI must fail with what to give, not wait on a pipe that
// never speaks — except for answers meant to be piped (the SSO address: one line on stdin).

import { createInterface, type Interface } from 'node:readline';
import { Writable } from 'node:stream';

export interface Prompter {
  /** Whether a person is there to read what is shown (a terminal), not only a pipe. */
  readonly interactive: boolean;
  /** The answer, or null when nobody can answer (no input left, Ctrl-C). */
  ask(question: string, options: { secret: boolean; fromPipe?: boolean }): Promise<string | null>;
  close(): void;
}

/** A prompter that can never ask: tests and runs whose stdin is not for us. */
export const noPrompter: Prompter = { interactive: false, ask: async () => null, close: () => undefined };

export function terminalPrompter(
  input: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): Prompter {
  const interactive = input.isTTY === true;
  let muted = false;
  // What readline echoes goes through here: swallowed while a secret is typed.
  const echo = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) output.write(chunk);
      done();
    },
  });
  let rl: Interface | null = null;
  let ended = false;
  const lines: string[] = [];
  const waiting: Array<(line: string | null) => void> = [];
  const open = (): Interface => {
    if (rl) return rl;
    rl = createInterface({ input, output: echo, terminal: interactive });
    rl.on('line', (line) => {
      const next = waiting.shift();
      if (next) next(line);
      else lines.push(line);
    });
    const finish = (): void => {
      ended = true;
      for (const next of waiting.splice(0)) next(null);
    };
    rl.on('close', finish);
    // Ctrl-C while asked: no answer (the caller says what was not done), not a hung prompt.
    rl.on('SIGINT', () => rl?.close());
    return rl;
  };
  return {
    interactive,
    async ask(question, { secret, fromPipe = false }) {
      if (!interactive && !fromPipe) return null;
      open();
      output.write(question);
      if (lines.length > 0) return lines.shift() ?? null;
      if (ended) return null;
      muted = secret && interactive;
      const answer = await new Promise<string | null>((resolve) => waiting.push(resolve));
      if (muted) output.write('\n');
      muted = false;
      return answer;
    },
    close() {
      rl?.close();
      rl = null;
    },
  };
}
