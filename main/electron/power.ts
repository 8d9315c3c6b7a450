// The computer's power events, as service verbs: keep the machine awake while bytes move,
// pause for sleep and resume on wake (UploaderService.suspend/wake: a system pause, never
// the user's), and quit cleanly when the OS shuts down.

import { powerMonitor, powerSaveBlocker } from 'electron';
import type { Totals } from '../engine/views';

export interface PowerPorts {
  suspend(): void;
  wake(): void;
  /** The OS is shutting down or logging out (QuitGuard.request('system-shutdown')). */
  shutdown(): void;
}

export class PowerHandling {
  #blocker: number | null = null;

  constructor(ports: PowerPorts) {
    powerMonitor.on('suspend', () => ports.suspend());
    powerMonitor.on('resume', () => ports.wake());
    // Linux and macOS. preventDefault() asks the OS for a moment to stop uploads and write the
    // journal (Windows says so per window instead: 'session-end', see desktop-app.ts).
    powerMonitor.on('shutdown', (event?: Electron.Event) => {
      event?.preventDefault();
      ports.shutdown();
    });
  }

  /** While anything moves, the machine must not fall asleep on its own; when idle it may. */
  update(totals: Totals | null): void {
    const active = totals?.active ?? false;
    if (active && this.#blocker === null) this.#blocker = powerSaveBlocker.start('prevent-app-suspension');
    if (!active && this.#blocker !== null) {
      powerSaveBlocker.stop(this.#blocker);
      this.#blocker = null;
    }
  }

  release(): void {
    this.update(null);
  }
}
