// dialog: the async dialogs stay open until the person (the test) answers, as a real one
// does while the app goes on running; a modal *Sync dialog blocks, so it must be answered in
// advance (answerNextSync) or the test fails. shell records what it opened. session holds
// the handlers the app installs, for the test to call as Chromium would.

import type { FakeBrowserWindow } from './browser-window';

export interface OpenDialogResult {
  canceled: boolean;
  filePaths: string[];
}

export interface OpenDialog<Answer> {
  kind: 'open' | 'message';
  parent: FakeBrowserWindow | null;
  options: Record<string, unknown>;
  /**
   * The person answers. Resolves once the app has had its turn to act on the answer (the
   * native callback arrives as a task; what the app does with it runs before the next).
   */
  answer(value: Answer): Promise<void>;
}

type AnyDialog = OpenDialog<OpenDialogResult> | OpenDialog<number>;

function split(windowOrOptions: unknown, options: unknown): { parent: FakeBrowserWindow | null; options: Record<string, unknown> } {
  return options === undefined
    ? { parent: null, options: windowOrOptions as Record<string, unknown> }
    : { parent: windowOrOptions as FakeBrowserWindow, options: options as Record<string, unknown> };
}

export class FakeDialog {
  #open: AnyDialog[] = [];
  #waiters: Array<(dialog: AnyDialog) => void> = [];
  #syncAnswers: number[] = [];
  /** Every dialog ever opened since the last reset, answered or not. */
  history: AnyDialog[] = [];
  errorBoxes: Array<{ title: string; content: string }> = [];

  reset(): void {
    this.#open = [];
    this.#waiters = [];
    this.#syncAnswers = [];
    this.history = [];
    this.errorBoxes = [];
  }

  showOpenDialog(windowOrOptions: unknown, maybeOptions?: unknown): Promise<OpenDialogResult> {
    return new Promise((resolve) => this.#opened({ kind: 'open', ...split(windowOrOptions, maybeOptions), answer: resolve } as unknown as AnyDialog));
  }

  showMessageBox(windowOrOptions: unknown, maybeOptions?: unknown): Promise<{ response: number; checkboxChecked: boolean }> {
    return new Promise((resolve) =>
      this.#opened({
        kind: 'message',
        ...split(windowOrOptions, maybeOptions),
        answer: (response: number) => resolve({ response, checkboxChecked: false }),
      } as unknown as AnyDialog),
    );
  }

  showMessageBoxSync(windowOrOptions: unknown, maybeOptions?: unknown): number {
    const answer = this.#syncAnswers.shift();
    this.history.push({ kind: 'message', ...split(windowOrOptions, maybeOptions), answer: async () => undefined });
    if (answer === undefined) throw new Error('a modal dialog blocked the main process and nobody answered it');
    return answer;
  }

  showErrorBox(title: string, content: string): void {
    this.errorBoxes.push({ title, content });
  }

  // --- the test's side ------------------------------------------------------------

  /** The next dialog that opens (or the oldest one open now), for the person to answer. */
  next(): Promise<AnyDialog> {
    const open = this.#open[0];
    if (open) return Promise.resolve(open);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  get open(): AnyDialog[] {
    return [...this.#open];
  }

  answerNextSync(response: number): void {
    this.#syncAnswers.push(response);
  }

  #opened(dialog: AnyDialog): void {
    const answer = dialog.answer as unknown as (value: never) => void;
    const tracked = {
      ...dialog,
      answer: (value: never): Promise<void> => {
        this.#open = this.#open.filter((d) => d !== tracked);
        answer(value);
        return new Promise((resolve) => setImmediate(resolve));
      },
    } as AnyDialog;
    this.#open.push(tracked);
    this.history.push(tracked);
    this.#waiters.shift()?.(tracked);
  }
}

export const dialog = new FakeDialog();

export const shell = {
  opened: [] as string[],
  async openExternal(url: string, _options?: unknown): Promise<void> {
    shell.opened.push(url);
  },
  async openPath(_path: string): Promise<string> {
    return '';
  },
};

type Callback<T> = (value: T) => void;
export interface HeadersDetails {
  url: string;
  responseHeaders?: Record<string, string[]>;
}

export class FakeSession {
  permissionRequest: ((contents: unknown, permission: string, callback: Callback<boolean>, details?: unknown) => void) | null = null;
  permissionCheck: ((...args: unknown[]) => boolean) | null = null;
  devicePermission: ((details: unknown) => boolean) | null = null;
  headersListener: ((details: HeadersDetails, callback: Callback<{ responseHeaders?: Record<string, string[]> }>) => void) | null = null;

  readonly webRequest = {
    onHeadersReceived: (listener: FakeSession['headersListener']): void => {
      this.headersListener = listener;
    },
  };

  reset(): void {
    this.permissionRequest = null;
    this.permissionCheck = null;
    this.devicePermission = null;
    this.headersListener = null;
  }

  setPermissionRequestHandler(handler: FakeSession['permissionRequest']): void {
    this.permissionRequest = handler;
  }

  setPermissionCheckHandler(handler: FakeSession['permissionCheck']): void {
    this.permissionCheck = handler;
  }

  setDevicePermissionHandler(handler: FakeSession['devicePermission']): void {
    this.devicePermission = handler;
  }

  // --- the test's side ------------------------------------------------------------

  /** Chromium received a response for `url`: the headers the page is given. */
  respond(details: HeadersDetails): Record<string, string[]> | undefined {
    if (!this.headersListener) return details.responseHeaders;
    let answered: Record<string, string[]> | undefined;
    this.headersListener(details, (response) => {
      answered = response.responseHeaders ?? details.responseHeaders;
    });
    return answered;
  }
}

export const session = { defaultSession: new FakeSession() };
