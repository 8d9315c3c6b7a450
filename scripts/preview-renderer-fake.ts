// Dev-only, FOR PREVIEW AND SCREENSHOTS: a pretend window.uploader with a simulated queue,
// injected into the page by scripts/preview-renderer-shots.mjs (Playwright addInitScript).
// It is never imported by the app bundle; the real one is the Electron preload.
//
// Scenario from the URL: ?scenario=empty | mixed | conflict | many  (&target=sandbox|server)

import type {
  AccountView,
  JobStateKind,
  JobView,
  Settings,
  Totals,
  UploaderApi,
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
  const fail = (code: string, message: string) =>
    Promise.resolve({ ok: false as const, error: { code, message, retryable: false } });

  let settings: Settings = {
    target: target === 'server' ? { kind: 'server', url: 'https://media.northwind-studios.com' } : { kind: 'sandbox' },
    defaultParentId: null,
    languageId: null,
    concurrency: 6,
    bandwidthLimit: 0,
    overwrite: 'Ask',
    replaceOptions: ['ReplaceDisplayName', 'RecreateThumbnail', 'RecreatePreview'],
  };
  let account: AccountView =
    target === 'server'
      ? {
          target: settings.target,
          targetLabel: 'https://media.northwind-studios.com',
          userName: 'maria.keller',
          signedIn: true,
        }
      : {
          target: { kind: 'sandbox' },
          targetLabel: 'Local sandbox — files stay on this computer',
          userName: 'demo',
          signedIn: true,
        };

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

  const jobs = new Map<string, JobView>();
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
      const conflictView = (detail: string, assetId: string | null) => ({ assetId, uploadId: null, detail });
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
          { uploadId: 'up-1', assetId: '0b7e4f2a-9c1d-4e8b-a3f6-52d9c8e1b7a0', contentLength: 4.2 * GB, startDate: '2025-03-12T14:02:00Z', partsTotal: 501, partsConfirmed: 188 },
          { uploadId: 'up-2', assetId: '9d3a1c77-2b4e-4f60-8e15-c0a94b6d2f31', contentLength: null, startDate: null, partsTotal: 12, partsConfirmed: 3 },
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
    pauseAll: () => {
      const changed = [...jobs.values()].filter((j) => ['queued', 'starting', 'uploading'].includes(j.state)).map((j) => ({ ...j, state: 'paused' as const, speed: 0 }));
      for (const j of changed) jobs.set(j.id, j);
      update(changed);
      return ok(null);
    },
    resumeAll: () => {
      const changed = [...jobs.values()].filter((j) => j.state === 'paused').map((j) => ({ ...j, state: 'queued' as const }));
      for (const j of changed) jobs.set(j.id, j);
      update(changed);
      return ok(null);
    },
    retryFailed: () => {
      const changed = [...jobs.values()].filter((j) => j.state === 'failed').map((j) => ({ ...j, state: 'queued' as const, error: null }));
      for (const j of changed) jobs.set(j.id, j);
      update(changed);
      return ok({ retried: changed.length });
    },
    clearFinished: () => {
      const removed = [...jobs.values()].filter((j) => ['done', 'skipped', 'failed', 'cancelled'].includes(j.state)).map((j) => j.id);
      for (const id of removed) jobs.delete(id);
      update([], removed);
      return ok({ removed: removed.length });
    },
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
    getAccount: () => ok(account),
    signIn: ({ serverUrl, userName, password }) => {
      if (serverUrl.includes('unreachable')) {
        return fail('network', `Could not reach ${serverUrl}. Check the address and your connection.`);
      }
      if (password !== 'correct horse') return fail('auth-failed', 'The user name or password is not correct.');
      account = { target: { kind: 'server', url: serverUrl }, targetLabel: serverUrl, userName, signedIn: true };
      settings = { ...settings, target: account.target };
      emit('settingsChanged', settings);
      return ok(account);
    },
    signOut: () => {
      account = { ...account, signedIn: false, userName: null };
      return ok(account);
    },
    useSandbox: () => {
      account = { target: { kind: 'sandbox' }, targetLabel: 'Local sandbox — files stay on this computer', userName: 'demo', signedIn: true };
      settings = { ...settings, target: account.target };
      emit('settingsChanged', settings);
      return ok(account);
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
