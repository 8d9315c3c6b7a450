// The update policy as a person lives it, on the fake clock: an update arrives while a
// 200 GB upload runs, and must wait; "Restart now" must journal every upload before the
// installer quits the app; automatic checks can be turned off, "Check now" still works.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UPDATE_TIMING, UpdatePolicy, type UpdaterPort, type UploadsPort } from '../../../main/app-core/update-policy';
import { realTimers } from '../../../main/engine/watch/settle-detector';

const RELEASE = { version: '0.2.0', notes: 'Watch folders.' };

class FakeUpdater implements UpdaterPort {
  readonly currentVersion = '0.1.0';
  readonly calls: string[] = [];
  policy!: UpdatePolicy;
  /** What the feed answers to a check. */
  feed: 'update' | 'none' | 'broken' = 'update';

  async check(): Promise<void> {
    this.calls.push('check');
    if (this.feed === 'broken') throw new Error('net::ERR_NAME_NOT_RESOLVED https://github.com/nomad-media/nomad-uploader/releases?token=secret');
    if (this.feed === 'update') this.policy.found(RELEASE);
    else this.policy.notFound();
  }

  async download(): Promise<void> {
    this.calls.push('download');
  }

  install(): void {
    this.calls.push('install');
  }
}

class FakeUploads implements UploadsPort {
  uploading = false;
  readonly calls: string[];
  #listeners = new Set<() => void>();

  constructor(calls: string[]) {
    this.calls = calls;
  }

  isUploading(): boolean {
    return this.uploading;
  }

  onActivity(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async pauseAndJournal(): Promise<void> {
    this.calls.push('pause-and-journal');
    await new Promise<void>((resolve) => setTimeout(resolve, 500)); // the journal's last writes
    this.uploading = false;
    this.calls.push('journaled');
  }

  set(uploading: boolean): void {
    this.uploading = uploading;
    for (const listener of this.#listeners) listener();
  }
}

let updater: FakeUpdater;
let uploads: FakeUploads;
let policy: UpdatePolicy;

function makePolicy(autoCheck = true): UpdatePolicy {
  updater = new FakeUpdater();
  uploads = new FakeUploads(updater.calls);
  policy = new UpdatePolicy({ updater, uploads, autoCheck, clock: { wallNow: () => Date.now(), ...realTimers } });
  updater.policy = policy;
  policy.start();
  return policy;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  policy.stop();
  vi.useRealTimers();
});

describe('never mid-upload', () => {
  it('downloads while an upload runs, installs only after uploads stopped for a quiet minute', async () => {
    makePolicy();
    uploads.set(true);
    await vi.advanceTimersByTimeAsync(UPDATE_TIMING.firstCheckMs);
    expect(updater.calls).toEqual(['check', 'download']);
    policy.downloaded(RELEASE);
    expect(policy.view().state).toEqual({ kind: 'ready', update: RELEASE, waitingForUploads: true });

    await vi.advanceTimersByTimeAsync(10 * UPDATE_TIMING.idleGraceMs);
    expect(updater.calls).not.toContain('install');

    uploads.set(false);
    expect(policy.view().state).toMatchObject({ kind: 'ready', waitingForUploads: false });
    await vi.advanceTimersByTimeAsync(UPDATE_TIMING.idleGraceMs - 1);
    expect(updater.calls).not.toContain('install');
    await vi.advanceTimersByTimeAsync(1000);
    expect(updater.calls.slice(-3)).toEqual(['pause-and-journal', 'journaled', 'install']);
  });

  it('an upload that starts during the quiet minute holds the install again', async () => {
    makePolicy();
    policy.found(RELEASE);
    policy.downloaded(RELEASE);
    await vi.advanceTimersByTimeAsync(UPDATE_TIMING.idleGraceMs / 2);
    uploads.set(true);
    await vi.advanceTimersByTimeAsync(5 * UPDATE_TIMING.idleGraceMs);
    expect(updater.calls).not.toContain('install');
    expect(policy.view().state).toMatchObject({ kind: 'ready', waitingForUploads: true });
  });

  it('"Restart now" pauses and journals every upload first, then installs', async () => {
    makePolicy();
    uploads.set(true);
    policy.found(RELEASE);
    policy.downloaded(RELEASE);
    const restarting = policy.restartNow();
    expect(policy.view().state).toEqual({ kind: 'installing', update: RELEASE });
    expect(updater.calls).not.toContain('install');
    await vi.advanceTimersByTimeAsync(500);
    await restarting;
    expect(updater.calls.slice(-3)).toEqual(['pause-and-journal', 'journaled', 'install']);
  });

  it('"Restart now" with nothing downloaded is refused and changes nothing', async () => {
    makePolicy();
    await expect(policy.restartNow()).rejects.toThrow('No update is ready');
    expect(updater.calls).toEqual([]);
  });
});

describe('checking', () => {
  it('checks 30 s after start and every 6 hours; up to date is said with the time', async () => {
    makePolicy();
    updater.feed = 'none';
    await vi.advanceTimersByTimeAsync(UPDATE_TIMING.firstCheckMs);
    expect(policy.view().state).toEqual({ kind: 'up-to-date', checkedAt: Date.now() });
    await vi.advanceTimersByTimeAsync(UPDATE_TIMING.checkEveryMs);
    expect(updater.calls).toEqual(['check', 'check']);
  });

  it('with automatic checks off nothing is checked, but "Check now" works', async () => {
    makePolicy(false);
    await vi.advanceTimersByTimeAsync(2 * UPDATE_TIMING.checkEveryMs);
    expect(updater.calls).toEqual([]);
    await policy.checkNow();
    expect(updater.calls).toEqual(['check', 'download']);
    expect(policy.view()).toMatchObject({ currentVersion: '0.1.0', autoCheck: false, state: { kind: 'downloading', update: RELEASE } });
  });

  it('a feed that cannot be reached is an error the person can read, without the feed address', async () => {
    makePolicy();
    updater.feed = 'broken';
    await policy.checkNow();
    const state = policy.view().state;
    expect(state.kind).toBe('error');
    expect(JSON.stringify(state)).not.toContain('token=secret');
    expect(state).toMatchObject({ message: expect.stringContaining('ERR_NAME_NOT_RESOLVED') });
  });
});
