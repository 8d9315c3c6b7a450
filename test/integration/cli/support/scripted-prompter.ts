// The person at the terminal, scripted: each question the CLI asks gets the next answer (a
// string, or a function that acts first — opening a sign-in page, say), and every question
// is recorded with whether it was asked as a secret.

import type { Prompter } from '../../../../main/cli/terminal-prompt';

export type ScriptedAnswer = string | null | ((question: string) => Promise<string | null>);

export class ScriptedPrompter implements Prompter {
  readonly interactive = true;
  readonly asked: Array<{ question: string; secret: boolean }> = [];
  #answers: ScriptedAnswer[];

  constructor(answers: ScriptedAnswer[]) {
    this.#answers = [...answers];
  }

  async ask(question: string, { secret }: { secret: boolean }): Promise<string | null> {
    this.asked.push({ question, secret });
    const next = this.#answers.shift();
    if (next === undefined) throw new Error(`unexpected question: ${question}`);
    return typeof next === 'function' ? next(question) : next;
  }

  close(): void {}
}

/** Streams that keep what was written, for in-process runs of main(). */
export function capture(): { stream: NodeJS.WritableStream; text: () => string } {
  let text = '';
  const stream = {
    write(chunk: string | Uint8Array): boolean {
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  return { stream, text: () => text };
}
