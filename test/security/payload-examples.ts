// A valid example of every command payload, typed by the contract (a drift in
// preload/contract.ts stops this compiling). Shared by the schema and fuzz tests.

import type { CommandName, CommandPayload, Settings } from '../../preload/contract';

/** A full example of every payload, every optional key present: typed by the contract. */
export const EXAMPLES: { [K in CommandName]: Required<CommandPayload<K>> } = {
  enqueuePaths: { paths: ['/home/ana/shoot/a.mov', 'C:\\Users\\ana\\b.mov'], parentId: 'folder-1', again: false },
  addFromDialog: { kind: 'folder' },
  pauseJob: { id: 'job-1' },
  resumeJob: { id: 'job-1' },
  cancelJob: { id: 'job-1' },
  retryJob: { id: 'job-1' },
  removeJob: { id: 'job-1' },
  pauseAll: {},
  resumeAll: {},
  retryFailed: {},
  clearFinished: {},
  removeFailed: {},
  applyToJobs: { action: 'pause', ids: ['job-1', 'job-2'] },
  locateFile: { id: 'job-1' },
  retryWithSettings: { ids: ['job-1'] },
  resolveConflict: { id: 'job-1', action: 'replace', replaceOptions: ['RecreateThumbnail'], applyToAll: true },
  getSnapshot: {},
  getSettings: {},
  updateSettings: {
    patch: {
      target: { kind: 'sandbox' },
      defaultParentId: 'folder-1',
      languageId: null,
      concurrency: 4,
      bandwidthLimit: 5_000_000,
      overwrite: 'Ask',
      replaceOptions: ['RecreateThumbnail'],
      uiLocale: 'de',
    } satisfies Required<Settings>,
  },
  getAccount: {},
  signIn: { serverUrl: 'https://nomad.example.com', userName: 'ana@example.com', password: 'correct horse' },
  signInStep: { serverUrl: 'https://nomad.example.com', userName: 'ana@example.com', password: 'correct horse', code: '123456', newPassword: 'battery staple' },
  signInWithApiKey: { serverUrl: 'https://nomad.example.com', apiKey: 'key-123' },
  signInWithSso: { serverUrl: 'https://nomad.example.com', provider: 'azure' },
  cancelSso: {},
  testConnection: { writeTest: true },
  signOut: {},
  useSandbox: {},
  listLeftovers: {},
  discardLeftover: { uploadId: '5f1c1c5e-0000-4000-8000-000000000001' },
  openExternal: { url: 'https://docs.nomad-media.com/' },
  getUpdates: {},
  checkForUpdates: {},
  restartToUpdate: {},
  setAutoUpdate: { on: false },
};

