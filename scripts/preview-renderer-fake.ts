// Dev-only, FOR PREVIEW AND SCREENSHOTS: a pretend window.uploader with a simulated queue,
// injected into the page by scripts/preview-renderer-shots.mjs (Playwright addInitScript).
// It is never imported by the app bundle; the real one is the Electron preload.
//
// Scenario from the URL: ?scenario=empty | mixed | conflict | many  (&target=sandbox|server)
// Three saved servers: the sandbox, "Northwind" (the scenario's queue, signed in) and
// "Staging" (signed out); switching moves the window to that server's own queue.
//
// Typechecked against the contract (`npm run typecheck`: scripts/tsconfig.json), so a new
// command that the fake does not answer fails to compile instead of breaking the preview.

import type {
  AccountView,
  ConflictAction,
  JobStateKind,
  JobView,
  ProfileView,
  ResultErrorCode,
  Settings,
  Totals,
  UploaderApi,
  WatchDraft,
  WatchView,
} from '../preload/contract';

type Listener = (payload: never) => void;

(() => {
  const params = new URLSearchParams(location.search);
  const scenario = params.get('scenario') ?? 'mixed';
  const target = params.get('target') ?? (scenario === 'empty' ? 'sandbox' : 'server');
  const frozen = params.get('frozen') === '1';

  const listeners = new Map<string, Set<Listener>>();
  const emit = (event: string, payload: unknown) => {
    for (const l of listeners.get(event) ?? []) (l as (p: unknown) => void)(payload);
  };
  const ok = <T,>(value: T) => Promise.resolve({ ok: true as const, value });
  const fail = (code: ResultErrorCode, message: string) =>
    Promise.resolve({ ok: false as const, error: { code, message, retryable: false } });

  const SANDBOX_ID = 'local-sandbox';
  const SANDBOX_LABEL = 'Local sandbox — files stay on this computer';
  let profiles: ProfileView[] = [
    { id: SANDBOX_ID, name: SANDBOX_LABEL, kind: 'sandbox', url: null, active: false, signedIn: true, uploading: 0 },
    { id: 'server-northwnd', name: 'Northwind', kind: 'server', url: 'https://media.northwind-studios.com', active: false, signedIn: true, uploading: 0 },
    { id: 'server-staging1', name: 'Staging', kind: 'server', url: 'https://staging.northwind-studios.com', active: false, signedIn: false, uploading: 0 },
  ];
  let shownId = target === 'server' ? 'server-northwnd' : SANDBOX_ID;

  let settings: Settings = {
    target: { kind: 'sandbox' },
    defaultParentId: null,
    defaultParentPath: null,
    recentDestinations: [],
    languageId: null,
    concurrency: 6,
    bandwidthLimit: 0,
    overwrite: 'Ask',
    replaceOptions: ['ReplaceDisplayName', 'RecreateThumbnail', 'RecreatePreview'],
    uiLocale: null,
    attachSidecars: true,
    profiles: profiles.filter((p) => p.kind === 'server').map((p) => ({ id: p.id, name: p.name, url: p.url ?? '' })),
    activeProfileId: shownId,
    backgroundUploads: 'continue',
  };

  /** Each server's own queue; the window lists the shown one's. */
  const queues = new Map<string, Map<string, JobView>>(profiles.map((p) => [p.id, new Map<string, JobView>()]));
  const unfinished = (list: Map<string, JobView>) =>
    [...list.values()].filter((j) => !['done', 'skipped', 'failed', 'cancelled'].includes(j.state)).length;

  const accountView = (): AccountView => {
    const listed = profiles.map((p) => ({ ...p, active: p.id === shownId, uploading: unfinished(queues.get(p.id) ?? new Map()) }));
    const shown = listed.find((p) => p.active) ?? listed[0]!;
    return {
      profileId: shown.id,
      profiles: listed,
      target: shown.url === null ? { kind: 'sandbox' } : { kind: 'server', url: shown.url },
      targetLabel: shown.url === null ? SANDBOX_LABEL : new URL(shown.url).host,
      userName: shown.kind === 'sandbox' ? 'demo' : shown.signedIn ? 'maria.keller' : null,
      signedIn: shown.signedIn,
    };
  };
  const syncSettings = () => {
    const shown = profiles.find((p) => p.id === shownId);
    settings = {
      ...settings,
      activeProfileId: shownId,
      target: shown?.url ? { kind: 'server', url: shown.url } : { kind: 'sandbox' },
      profiles: profiles.filter((p) => p.kind === 'server').map((p) => ({ id: p.id, name: p.name, url: p.url ?? '' })),
    };
    emit('settingsChanged', settings);
    emit('accountChanged', accountView());
  };
  settings = { ...settings, target: accountView().target };

  const MB = 1_000_000;
  const GB = 1_000_000_000;
  let seq = 0;
  const job = (relativePath: string, size: number, state: JobStateKind, extra: Partial<JobView> = {}): JobView => {
    const name = relativePath.split('/').at(-1) ?? relativePath;
    const fraction = extra.bytesConfirmed !== undefined ? 0 : state === 'done' ? 1 : 0;
    return {
      id: `job-${++seq}`,
      name,
      relativePath,
      localPath: `/Users/maria/Footage/${relativePath}`,
      dropId: relativePath.split('/')[0] ?? 'drop',
      size,
      state,
      bytesConfirmed: Math.round(size * fraction),
      bytesAcked: 0,
      bytesDone: Math.round(size * fraction),
      bytesSending: 0,
      partsTotal: Math.max(1, Math.ceil(size / 8_388_608)),
      partsConfirmed: 0,
      speed: 0,
      etaSeconds: null,
      waiting: null,
      pauseReason: null,
      error: null,
      conflict: null,
      uploadId: null,
      assetId: null,
      createdAt: Date.now() - 60_000 + seq,
      finishedAt: null,
      sha256: null,
      ...extra,
      ...(extra.bytesConfirmed !== undefined || extra.bytesAcked !== undefined
        ? { bytesDone: (extra.bytesConfirmed ?? 0) + (extra.bytesAcked ?? 0) }
        : {}),
    };
  };

  // The scenario's queue belongs to Northwind (or to the sandbox when that is shown).
  let jobs = queues.get(shownId) ?? new Map<string, JobView>();
  const add = (j: JobView) => jobs.set(j.id, j);

  if (scenario === 'mixed' || scenario === 'conflict') {
    add(job('Harbor Launch/A001_C003_0412.mov', 18.4 * GB, 'uploading', { bytesConfirmed: 11.2 * GB, bytesAcked: 48 * MB, bytesSending: 16 * MB, speed: 41.3 * MB, etaSeconds: 174 }));
    add(job('Harbor Launch/A001_C004_0412.mov', 12.9 * GB, 'uploading', { bytesConfirmed: 3.1 * GB, bytesAcked: 32 * MB, bytesSending: 8 * MB, speed: 28.7 * MB, etaSeconds: 341 }));
    add(job('Harbor Launch/A001_C005_0412.mov', 9.6 * GB, 'uploading', { bytesConfirmed: 0.9 * GB, waiting: 'Network unreachable — retrying in 8 s', speed: 0, etaSeconds: null }));
    add(job('Harbor Launch/Audio/boom_take3.wav', 412 * MB, 'completing', { bytesConfirmed: 412 * MB }));
    add(job('Harbor Launch/A001_C006_0412.mov', 14.2 * GB, 'starting'));
    add(job('Harbor Launch/A001_C007_0412.mov', 7.7 * GB, 'queued'));
    add(job('Harbor Launch/A001_C008_0412.mov', 21.3 * GB, 'queued'));
    add(job('Harbor Launch/Stills/DSC_0192.NEF', 48 * MB, 'paused', { bytesConfirmed: 16.7 * MB }));
    add(job('Harbor Launch/Stills/DSC_0193.NEF', 51 * MB, 'failed', { bytesConfirmed: 8.4 * MB, error: { code: 'file-changed', message: 'The file changed on disk after the upload started. Retry to upload the new version.', retryable: true } }));
    add(job('Harbor Launch/Docs/call_sheet_day2.pdf', 2.4 * MB, 'done'));
    add(job('Harbor Launch/Docs/release_forms.zip', 86 * MB, 'done'));
    add(job('Harbor Launch/Audio/room_tone.wav', 64 * MB, 'skipped'));
    add(job('Harbor Launch/Proxies/A001_C001_proxy.mp4', 820 * MB, 'done'));
    add(job('Harbor Launch/Proxies/A001_C002_proxy.mp4', 774 * MB, 'cancelled', { bytesConfirmed: 120 * MB }));
    add(job('Harbor Launch/Proxies/A001_C003_proxy.mp4', 801 * MB, 'failed', { bytesConfirmed: 0, error: { code: 'auth-failed', message: 'The server refused the upload: your session expired. Sign in again, then retry.', retryable: true } }));
    add(job('Harbor Launch/Stills/DSC_0194.NEF', 49 * MB, 'queued'));
    add(job('Harbor Launch/Stills/DSC_0195.NEF', 47 * MB, 'queued'));
    add(job('cover_art_final.psd', 312 * MB, 'done'));
    if (scenario === 'conflict') {
      const conflictView = (detail: string, assetId: string | null) => ({
        assetId,
        uploadId: null,
        detail,
        choices: assetId === null ? (['replace', 'skip'] satisfies ConflictAction[]) : (['replace', 'asset-replace', 'skip'] satisfies ConflictAction[]),
        reason: null,
      });
      add(job('Harbor Launch/A001_C002_0412.mov', 16.1 * GB, 'awaiting-decision', {
        conflict: conflictView('An asset named "A001_C002_0412.mov" already exists in folder Harbor Launch.', '6c1f2b9e-41d7-4c55-9a3e-0f2d7b8a1c44'),
      }));
      add(job('Harbor Launch/A001_C009_0412.mov', 5.2 * GB, 'awaiting-decision', {
        conflict: conflictView('An asset with this name already exists.', 'a2b9d3f0-7e11-4b2c-8d6a-35f1c2e9b870'),
      }));
      add(job('Harbor Launch/A001_C010_0412.mov', 6.8 * GB, 'awaiting-decision', {
        conflict: conflictView('An asset with this name already exists.', null),
      }));
    }
  } else if (scenario === 'many') {
    const states: JobStateKind[] = ['done', 'done', 'done', 'uploading', 'queued', 'queued', 'queued', 'paused', 'failed', 'skipped'];
    for (let i = 0; i < 10_000; i++) {
      const state = states[i % states.length] ?? 'queued';
      const size = ((i * 7919) % 5000) * MB + 120_000;
      add(job(`Archive/Reel ${String(Math.floor(i / 100)).padStart(3, '0')}/clip_${String(i).padStart(5, '0')}.mov`, size, state,
        state === 'uploading' ? { bytesConfirmed: size * 0.4, speed: 6 * MB, etaSeconds: 90 } :
        state === 'failed' ? { error: { code: 'server-error', message: 'The server answered 503 Service Unavailable five times. Retry later.', retryable: true } } : {}));
    }
  }

  const totals = (): Totals => {
    const counts = {
      queued: 0, starting: 0, 'awaiting-decision': 0, uploading: 0, paused: 0,
      completing: 0, done: 0, skipped: 0, failed: 0, cancelled: 0,
    } satisfies Totals['counts'];
    let bytesTotal = 0;
    let bytesDone = 0;
    let speed = 0;
    for (const j of jobs.values()) {
      counts[j.state] += 1;
      if (j.state === 'cancelled' || j.state === 'skipped') continue;
      bytesTotal += j.size;
      bytesDone += j.bytesDone;
      speed += j.speed;
    }
    const active = counts.uploading + counts.starting + counts.completing > 0;
    return {
      jobs: jobs.size, counts, bytesTotal, bytesDone, bytesSending: 0, speed,
      etaSeconds: speed > 0 ? (bytesTotal - bytesDone) / speed : null, active,
    };
  };

  let leftovers =
    scenario === 'mixed' && params.get('leftovers') !== '0'
      ? [
          { uploadId: 'up-1', assetId: '0b7e4f2a-9c1d-4e8b-a3f6-52d9c8e1b7a0', displayName: 'A003_C001_0411.mov', contentLength: 4.2 * GB, startDate: '2025-03-12T14:02:00Z', partsTotal: 501, partsConfirmed: 188 },
          { uploadId: 'up-2', assetId: '9d3a1c77-2b4e-4f60-8e15-c0a94b6d2f31', displayName: null, contentLength: null, startDate: null, partsTotal: 12, partsConfirmed: 3 },
        ]
      : [];

  const update = (changed: JobView[], removed: string[] = []) => emit('queueUpdate', { changed, removed, totals: totals() });
  const patchJob = (id: string, patch: Partial<JobView>) => {
    const current = jobs.get(id);
    if (!current) return fail('not-found', 'That upload is no longer in the queue.');
    const next = { ...current, ...patch };
    jobs.set(id, next);
    update([next]);
    return ok(null);
  };

  if (!frozen) {
    setInterval(() => {
      const changed: JobView[] = [];
      for (const j of jobs.values()) {
        if (j.state !== 'uploading' || j.speed === 0) continue;
        const bytesConfirmed = Math.min(j.size, j.bytesConfirmed + j.speed / 5);
        const next: JobView = bytesConfirmed >= j.size
          ? { ...j, bytesConfirmed, bytesAcked: 0, bytesDone: j.size, bytesSending: 0, state: 'done', speed: 0, etaSeconds: null }
          : { ...j, bytesConfirmed, bytesDone: bytesConfirmed + j.bytesAcked, etaSeconds: (j.size - bytesConfirmed) / j.speed };
        jobs.set(j.id, next);
        changed.push(next);
      }
      if (changed.length > 0) update(changed);
    }, 200);
  }

  /** Patches every shown job that matches; returns how many. */
  const change = (matches: (j: JobView) => boolean, patch: Partial<JobView>): number => {
    const changed = [...jobs.values()].filter(matches).map((j) => ({ ...j, ...patch }));
    for (const j of changed) jobs.set(j.id, j);
    update(changed);
    return changed.length;
  };
  const removeWhere = (matches: (j: JobView) => boolean): number => {
    const removed = [...jobs.values()].filter(matches).map((j) => j.id);
    for (const id of removed) jobs.delete(id);
    update([], removed);
    return removed.length;
  };

  /** Shows a server: the window's list moves to its queue, as the service's switch does. */
  const show = (id: string) => {
    if (!profiles.some((p) => p.id === id)) return fail('not-found', 'That server is no longer in the list.');
    const removed = [...jobs.keys()];
    shownId = id;
    jobs = queues.get(id) ?? new Map<string, JobView>();
    update([...jobs.values()], removed);
    syncSettings();
    return ok(accountView());
  };

  const signInAs = (serverUrl: string, password: string) => {
    if (serverUrl.includes('unreachable')) return fail('network', `Could not reach ${serverUrl}. Check the address and your connection.`);
    if (password !== 'correct horse') return fail('auth-failed', 'The user name or password is not correct.');
    const known = profiles.find((p) => p.url === serverUrl);
    const id = known?.id ?? `server-${profiles.length}`;
    if (!known) {
      profiles = [...profiles, { id, name: new URL(serverUrl).host, kind: 'server', url: serverUrl, active: false, signedIn: true, uploading: 0 }];
      queues.set(id, new Map());
    }
    profiles = profiles.map((p) => (p.id === id ? { ...p, signedIn: true } : p));
    return show(id);
  };

  const WATCH_DEFAULTS = { ignore: ['.DS_Store', 'Thumbs.db', '*.tmp', '~$*'], quietPeriodMs: { default: 10_000, min: 1_000, max: 3_600_000 } };
  let watches: WatchView[] = [];
  const saveWatch = (id: string, watch: WatchDraft, paused = false) => {
    const view: WatchView = { config: { ...watch, id, parentPath: 'Media/Harbor Launch', paused }, state: paused ? { kind: 'paused' } : { kind: 'watching', liveEvents: true }, files: 0, settling: 0, uploading: 0, uploaded: 0, failed: 0 };
    watches = [...watches.filter((w) => w.config.id !== id), view];
    emit('watchesChanged', watches);
    return ok(view);
  };

  const api: UploaderApi = {
    enqueuePaths: ({ paths }) => {
      const added = paths.map((p) => job(p.split('/').at(-1) ?? p, 250 * MB, 'queued'));
      for (const j of added) add(j);
      update(added);
      return ok({ added: added.length });
    },
    addFromDialog: () => api.enqueuePaths({ paths: ['/Users/maria/Desktop/interview_b-cam.mov'] }),
    pauseJob: ({ id }) => patchJob(id, { state: 'paused', speed: 0, etaSeconds: null }),
    resumeJob: ({ id }) => patchJob(id, { state: 'queued' }),
    cancelJob: ({ id }) => patchJob(id, { state: 'cancelled', speed: 0, etaSeconds: null }),
    retryJob: ({ id }) => patchJob(id, { state: 'queued', error: null }),
    removeJob: ({ id }) => {
      jobs.delete(id);
      update([], [id]);
      return ok(null);
    },
    pauseAll: () => ok((change((j) => ['queued', 'starting', 'uploading'].includes(j.state), { state: 'paused', speed: 0 }), null)),
    resumeAll: () => ok((change((j) => j.state === 'paused', { state: 'queued' }), null)),
    retryFailed: () => ok({ retried: change((j) => j.state === 'failed', { state: 'queued', error: null }) }),
    clearFinished: () => ok({ removed: removeWhere((j) => ['done', 'skipped', 'failed', 'cancelled'].includes(j.state)) }),
    removeFailed: () => ok({ removed: removeWhere((j) => j.state === 'failed') }),
    applyToJobs: async ({ action, ids }) => {
      const verbs = { pause: api.pauseJob, resume: api.resumeJob, retry: api.retryJob, cancel: api.cancelJob, remove: api.removeJob };
      let affected = 0;
      for (const id of ids) if ((await verbs[action]({ id })).ok) affected += 1;
      return ok({ affected });
    },
    locateFile: ({ id }) => patchJob(id, { state: 'queued', error: null }).then(() => ok({ located: true })),
    retryWithSettings: ({ ids }) => Promise.all(ids.map((id) => patchJob(id, { state: 'queued', error: null }))).then(() => ok({ retried: ids.length })),
    resolveConflict: ({ id, action }) =>
      patchJob(id, action === 'skip' ? { state: 'skipped', conflict: null } : { state: 'queued', conflict: null }),
    getSnapshot: () => ok({ jobs: [...jobs.values()], totals: totals() }),
    getSettings: () => ok(settings),
    updateSettings: ({ patch }) => {
      if (patch.concurrency !== undefined && (patch.concurrency < 1 || patch.concurrency > 32)) {
        return fail('invalid-payload', 'Concurrency must be between 1 and 32.');
      }
      settings = { ...settings, ...patch };
      emit('settingsChanged', settings);
      return ok(settings);
    },
    getAccount: () => ok(accountView()),
    signIn: ({ serverUrl, password }) => signInAs(serverUrl, password),
    signInStep: async ({ serverUrl, password }) => {
      const result = await signInAs(serverUrl, password);
      return result.ok ? ok({ kind: 'signed-in' as const, account: result.value }) : result;
    },
    signInWithApiKey: ({ serverUrl }) => signInAs(serverUrl, 'correct horse'),
    signInWithSso: ({ serverUrl }) => signInAs(serverUrl, 'correct horse'),
    cancelSso: () => ok(null),
    testConnection: () => ok({ apiBase: 'https://media.northwind-studios.com/api', checks: [], variants: [], ok: true }),
    signOut: () => {
      profiles = profiles.map((p) => (p.id === shownId && p.kind === 'server' ? { ...p, signedIn: false } : p));
      return ok(accountView());
    },
    useSandbox: () => show(SANDBOX_ID),
    addProfile: ({ name, url }) => {
      const profile: ProfileView = { id: `server-${profiles.length}`, name, kind: 'server', url, active: false, signedIn: false, uploading: 0 };
      profiles = [...profiles, profile];
      queues.set(profile.id, new Map());
      return show(profile.id);
    },
    switchProfile: ({ id }) => show(id),
    renameProfile: ({ id, name }) => {
      profiles = profiles.map((p) => (p.id === id ? { ...p, name } : p));
      syncSettings();
      return ok(accountView());
    },
    removeProfile: ({ id }) => {
      if (id === SANDBOX_ID || !profiles.some((p) => p.id === id)) return fail('not-found', 'That server is no longer in the list.');
      profiles = profiles.filter((p) => p.id !== id);
      queues.delete(id);
      return id === shownId ? show(SANDBOX_ID) : (syncSettings(), ok(accountView()));
    },
    listLeftovers: () => ok(leftovers),
    discardLeftover: ({ uploadId }) => {
      leftovers = leftovers.filter((l) => l.uploadId !== uploadId);
      return ok(null);
    },
    openExternal: () => ok(null),
    getUpdates: () => ok({ currentVersion: '0.1.0', autoCheck: true, state: { kind: 'idle' } }),
    checkForUpdates: () => ok({ currentVersion: '0.1.0', autoCheck: true, state: { kind: 'up-to-date', checkedAt: Date.now() } }),
    restartToUpdate: () => ok(null),
    setAutoUpdate: ({ on }) => ok({ currentVersion: '0.1.0', autoCheck: on, state: { kind: 'idle' } }),
    listFolders: ({ parentId }) =>
      ok({ folders: parentId === null ? [{ id: 'bucket-media', name: 'Media', kind: 'bucket' as const }] : [{ id: `${parentId}-harbor`, name: 'Harbor Launch', kind: 'folder' as const }], nextPageOffset: null, total: 1 }),
    folderPath: ({ id }) => ok([{ id, name: 'Harbor Launch', kind: 'folder' as const }]),
    createFolder: ({ parentId, name }) => ok({ id: `${parentId}-${name}`, name, kind: 'folder' as const }),
    listLanguages: () => ok([{ id: 'lang-en', name: 'English', code: 'en' }, { id: 'lang-de', name: 'German', code: 'de' }]),
    processingStatus: () => ok({ state: 'none' as const }),
    openInNomad: () => ok(null),
    attachFiles: ({ paths }) => ok({ added: paths?.length ?? 0 }),
    listHistory: () => ok([]),
    exportHistory: ({ format }) => ok({ fileName: `upload-history.${format}`, text: '' }),
    clearHistory: () => ok({ removed: 0 }),
    listWatches: () => ok({ watches, defaults: WATCH_DEFAULTS }),
    pickWatchFolder: () => ok({ folder: '/Users/maria/Exports' }),
    addWatch: ({ watch }) => saveWatch(`watch-${watches.length + 1}`, watch),
    updateWatch: ({ id, watch }) => saveWatch(id, watch),
    setWatchPaused: ({ id, paused }) => {
      const found = watches.find((w) => w.config.id === id);
      if (!found) return fail('not-found', 'That watch is no longer in the list.');
      return saveWatch(id, found.config, paused);
    },
    removeWatch: ({ id }) => {
      watches = watches.filter((w) => w.config.id !== id);
      emit('watchesChanged', watches);
      return ok(null);
    },
    rescanWatch: () => ok(null),
    on(event, listener) {
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(listener as Listener);
      listeners.set(event, set);
      return () => set.delete(listener as Listener);
    },
    getPathForFile: (file) => (file.name.startsWith('web-') ? '' : `/Users/maria/Desktop/${file.name}`),
  };

  window.uploader = api;
  // Lets the screenshot script show a notice toast.
  (window as unknown as { previewNotice: (level: 'info' | 'warning' | 'error', message: string) => void }).previewNotice =
    (level, message) => emit('notice', { level, message });
})();
