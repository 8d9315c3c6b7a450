// The OS side of the commands (native file picker, browser), scripted by the test instead of
// shown: the next "Add files…" returns what the test queued, as if the person picked it.

import type { ShellPorts } from '../../../main/ipc/command-handlers';

export class ScriptedShell implements ShellPorts {
  #picks: string[][] = [];
  /** URLs the app asked to open in the browser, in order. */
  readonly opened: string[] = [];

  /** The next picker (files or folder) returns these paths; with none queued it is cancelled. */
  pickNext(paths: string[]): void {
    this.#picks.push([...paths]);
  }

  async pickPaths(): Promise<string[]> {
    return this.#picks.shift() ?? [];
  }

  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }
}
