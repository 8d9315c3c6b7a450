// Who may call a command: only the top frame of our own window showing our own page.
// Structural types so it is tested in plain Node with stand-ins for Electron's objects.

export interface FrameLike {
  url: string;
}

export interface InvokeEventLike {
  sender: unknown;
  senderFrame: FrameLike | null;
}

export interface WindowLike {
  isDestroyed(): boolean;
  webContents: { mainFrame: FrameLike };
}

/**
 * @param allowedOrigins `file://` for the packaged app; plus the dev server's origin under
 *   `electron-vite dev`.
 */
export function isTrustedSender(event: InvokeEventLike, window: WindowLike | null, allowedOrigins: readonly string[]): boolean {
  if (!window || window.isDestroyed()) return false;
  if (event.sender !== window.webContents) return false;
  const frame = event.senderFrame;
  // An iframe (even one of ours) is not the app: only the main frame speaks for it.
  if (!frame || frame !== window.webContents.mainFrame) return false;
  return allowedOrigins.some((origin) => frame.url.startsWith(origin));
}
