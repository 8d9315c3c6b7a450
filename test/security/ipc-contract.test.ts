// The zod schemas in main/ipc/payload-schemas.ts against the types in preload/contract.ts,
// at run time: a typed example of every payload is accepted, unknown and prototype keys are
// refused, and a key is optional in the schema exactly when it is optional in the contract.
// And ipcMain: every command is registered, and only our window's main frame gets an answer.

import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, type CommandName, type CommandPayload } from '../../preload/contract';
import { DEFAULT_SETTINGS, settingsPatchSchema } from '../../main/app-core/settings';
import { payloadSchemas } from '../../main/ipc/payload-schemas';
import { EXAMPLES } from './payload-examples';

type OptionalKeys<T> = { [P in keyof T]-?: object extends Pick<T, P> ? P : never }[keyof T];
/** Keys the contract marks optional; the compile-time check below proves the list complete. */
const OPTIONAL_KEYS = {
  enqueuePaths: ['parentId', 'again'],
  signInStep: ['code', 'newPassword'],
  listFolders: ['nameContains', 'pageOffset'],
  attachFiles: ['paths'],
  listHistory: ['query'],
  exportHistory: ['query'],
} as const satisfies { [K in CommandName]?: readonly OptionalKeys<CommandPayload<K>>[] };
type Listed<K extends CommandName> = K extends keyof typeof OPTIONAL_KEYS ? (typeof OPTIONAL_KEYS)[K][number] : never;
type Unlisted = { [K in CommandName]: Exclude<OptionalKeys<CommandPayload<K>>, Listed<K>> }[CommandName];
const everyOptionalKeyListed: [Unlisted] extends [never] ? true : never = true;
void everyOptionalKeyListed;

const optionalKeys = (name: CommandName): readonly string[] => (OPTIONAL_KEYS as Partial<Record<CommandName, readonly string[]>>)[name] ?? [];
const parse = (name: CommandName, payload: unknown) => payloadSchemas[name].safeParse(payload);

describe('payload schemas in step with the contract', () => {
  it('cover exactly the contract’s commands', () => {
    expect(Object.keys(payloadSchemas).sort()).toEqual([...COMMAND_NAMES].sort());
    expect(Object.keys(EXAMPLES).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it.each(COMMAND_NAMES)('%s accepts a valid example of its payload type, unchanged', (name) => {
    const result = parse(name, EXAMPLES[name]);
    expect(result.error?.issues).toBeUndefined();
    expect(result.data).toEqual(EXAMPLES[name]);
  });

  it.each(COMMAND_NAMES)('%s has the same keys as the type, optional exactly where the type is', (name) => {
    const example = EXAMPLES[name] as Record<string, unknown>;
    const shape = (payloadSchemas[name] as unknown as { shape: Record<string, unknown> }).shape;
    expect(Object.keys(shape).sort()).toEqual(Object.keys(example).sort());
    for (const key of Object.keys(example)) {
      const { [key]: _dropped, ...without } = example;
      expect(parse(name, without).success, `${name} without ${key}`).toBe(optionalKeys(name).includes(key));
    }
  });

  it.each(COMMAND_NAMES)('%s refuses unknown keys, prototype keys and non-objects', (name) => {
    const example = EXAMPLES[name] as Record<string, unknown>;
    expect(parse(name, { ...example, unexpected: true }).success).toBe(false);
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const hostile = JSON.parse(`{"${key}": {"polluted": true}}`) as Record<string, unknown>;
      expect(parse(name, Object.assign(hostile, example)).success, key).toBe(false);
    }
    for (const value of [null, undefined, 'text', 42, [], [example], true]) {
      expect(parse(name, value).success, String(value)).toBe(false);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('settings patches know exactly the Settings keys, and refuse unknown ones', () => {
    expect(Object.keys(settingsPatchSchema.shape).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
    expect(parse('updateSettings', { patch: { ...EXAMPLES.updateSettings.patch, theme: 'dark' } }).success).toBe(false);
    expect(parse('updateSettings', { patch: { target: { kind: 'sandbox', url: 'https://x.example' } } }).success).toBe(false);
  });

  it('ids that would become `.` or `..` path segments in API URLs are refused', () => {
    for (const uploadId of ['.', '..']) expect(parse('discardLeftover', { uploadId }).success).toBe(false);
    for (const id of ['.', '..', '']) expect(parse('pauseJob', { id }).success).toBe(false);
  });

  it('random extra keys never get through any schema', () => {
    const extraKey = fc.string({ minLength: 1 }).filter((k) => !Object.keys(EXAMPLES).some((n) => k in (EXAMPLES[n as CommandName] as object)));
    fc.assert(
      fc.property(fc.constantFrom(...COMMAND_NAMES), extraKey, fc.anything(), (name, key, value) => {
        const payload = { ...(EXAMPLES[name] as object) } as Record<string, unknown>;
        Object.defineProperty(payload, key, { value, enumerable: true, configurable: true, writable: true });
        expect(parse(name, payload).success).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

const ipc = vi.hoisted(() => ({ handlers: new Map<string, (event: unknown, payload: unknown) => unknown>() }));
vi.mock('electron', () => {
  const ipcMain = {
    handle: (channel: string, handler: (event: unknown, payload: unknown) => unknown) => ipc.handlers.set(channel, handler),
    removeHandler: (channel: string) => ipc.handlers.delete(channel),
  };
  return { ipcMain, default: { ipcMain } };
});

describe('ipcMain registration', () => {
  it('registers every command, answers only our main frame, and validates what it lets through', async () => {
    const { registerIpc } = await import('../../main/electron/ipc-main');
    const { commandChannel } = await import('../../preload/contract');
    const calls: string[] = [];
    const handlers = Object.fromEntries(
      COMMAND_NAMES.map((name) => [name, async () => (calls.push(name), { ok: true, value: null })]),
    ) as never;
    const mainFrame = { url: 'file:///app/out/renderer/index.html' };
    const window = { isDestroyed: () => false, webContents: { mainFrame } };
    const unregister = registerIpc(handlers, { window: () => window as never, page: { kind: 'file', url: mainFrame.url } });

    expect([...ipc.handlers.keys()].sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());
    const invoke = (name: CommandName, event: unknown, payload: unknown) => ipc.handlers.get(commandChannel(name))!(event, payload);
    const trusted = { sender: window.webContents, senderFrame: mainFrame };
    const iframe = { sender: window.webContents, senderFrame: { url: 'file:///app/out/renderer/index.html' } };
    const stranger = { sender: { mainFrame: { url: 'https://evil.example/' } }, senderFrame: { url: 'https://evil.example/' } };

    for (const name of COMMAND_NAMES) {
      expect(await invoke(name, iframe, EXAMPLES[name])).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
      expect(await invoke(name, stranger, EXAMPLES[name])).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
      expect(await invoke(name, trusted, { ...(EXAMPLES[name] as object), unexpected: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    }
    expect(calls).toEqual([]);
    for (const name of COMMAND_NAMES) expect(await invoke(name, trusted, EXAMPLES[name])).toEqual({ ok: true, value: null });
    expect(calls).toEqual([...COMMAND_NAMES]);

    unregister();
    expect(ipc.handlers.size).toBe(0);
  });
});
