// What `nomad-upload watch` says about the folder (the uploads themselves are told by
// UploadOutput, as for upload): NDJSON `{"event":"watch","type":…}` lines with --json, else
// one line on stderr for what a person watching the terminal wants to know.

import { forTerminal, jsonLine } from '../../shared/visible-text';
import type { WatchEvent } from '../engine/watch/watch-events';
import type { OutputStreams } from './upload-output';

export class WatchOutput {
  readonly #json: boolean;
  readonly #io: OutputStreams;
  readonly #folder: string;

  constructor(json: boolean, io: OutputStreams, folder: string) {
    this.#json = json;
    this.#io = io;
    this.#folder = folder;
  }

  event(event: WatchEvent): void {
    if (this.#json) {
      this.#io.stdout.write(`${jsonLine({ event: 'watch', ...event })}\n`);
      return;
    }
    const line = this.#human(event);
    if (line !== null) this.#io.stderr.write(`${forTerminal(line)}\n`);
  }

  #human(event: WatchEvent): string | null {
    switch (event.type) {
      case 'ready': {
        const toSend = event.pending > 0 ? `, ${event.pending} to upload` : '';
        const events = event.liveEvents ? '' : ' (no file events: changes are found by the rescan)';
        return `Watching ${this.#folder}: ${event.files} file(s), ${event.known} uploaded before${toSend}${events}. Ctrl-C to stop.`;
      }
      case 'settling':
        return `… ${event.path}: waiting until it stops changing`;
      case 'restarting':
        return `↻ ${event.path} changed while it was uploading: uploading the new version (Replace)`;
      case 'unchanged':
        return `= ${event.path}: touched, same content; not sent again`;
      case 'moved':
        return `→ ${event.path} moved to ${event.to}`;
      case 'warning':
        return `! ${event.message}`;
      case 'queued':
      case 'uploaded':
      case 'failed':
      case 'rescan':
        // Said by the upload lines (✓, ✗), or nothing a person needs.
        return null;
    }
  }
}
