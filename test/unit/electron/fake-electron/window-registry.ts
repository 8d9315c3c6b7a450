// The windows alive right now, as app.quit() and app.exit() need them.

export interface RegisteredWindow {
  /** BrowserWindow.close(): emits 'close'; false when a listener prevented it. */
  close(): void;
  isDestroyed(): boolean;
  /** Closing without 'close' (app.exit, destroy()). */
  destroy(): void;
}

export const liveWindows = new Set<RegisteredWindow>();
