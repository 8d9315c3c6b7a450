import { newId } from './ids';
import type { StateChange } from './state-changes';
import {
  STATE_VERSION,
  type AssetRecord,
  type FolderRecord,
  type PartRecord,
  type PasswordRecord,
  type PersistedState,
  type SessionRecord,
  type TokenRecord,
  type UploadRecord,
  type UploadStatus,
  type UploadTarget,
  type UrlCutoff,
} from './state-model';

/** Name of the predefined folder that receives uploads without a parentId (the spec's "incoming folder"). */
export const INCOMING_FOLDER_NAME = 'Incoming';
/** The storage bucket shown at the root beside Incoming (getAssetChildNodes: "top-level storage bucket folders"). */
export const BUCKET_NAME = 'Media';

export interface PartRef {
  upload: UploadRecord;
  part: PartRecord;
}

const targetKey = (parentId: string, name: string): string => `${parentId}\u0000${name}`;

/**
 * All sandbox state in memory, with indexed lookups (no operation scans every record, so the
 * cost of a call does not grow with the state). Every mutation goes through a method here,
 * which records it as a StateChange; the state journal writes those changes durably, and
 * whoever mutates must await the journal's commit before answering.
 */
export class SandboxState {
  readonly incomingFolderId: string;
  readonly #sessions = new Map<string, SessionRecord>();
  /** By token digest. */
  readonly #tokens = new Map<string, TokenRecord>();
  readonly #tokensBySession = new Map<string, Set<string>>();
  readonly #folders = new Map<string, FolderRecord>();
  readonly #foldersByTarget = new Map<string, FolderRecord>();
  readonly #assets = new Map<string, AssetRecord>();
  readonly #assetsByTarget = new Map<string, AssetRecord>();
  readonly #uploads = new Map<string, UploadRecord>();
  readonly #inProgressByTarget = new Map<string, UploadRecord>();
  readonly #parts = new Map<string, PartRef>();
  readonly #byMultipartId = new Map<string, UploadRecord>();
  #urlCutoff: UrlCutoff | null;
  readonly #passwords = new Map<string, PasswordRecord>();
  /** Recorded changes as journal lines (JSON, no newline). */
  #changes: string[] = [];

  private constructor(data: PersistedState) {
    this.incomingFolderId = data.incomingFolderId;
    this.#urlCutoff = data.urlCutoff;
    for (const s of data.sessions) this.#sessions.set(s.id, s);
    for (const t of data.tokens) this.#indexToken(t);
    for (const f of data.folders) this.#indexFolder(f);
    for (const a of data.assets) this.#indexAsset(a);
    for (const u of data.uploads) this.#indexUpload(u);
    for (const p of data.passwords ?? []) this.#passwords.set(p.userName, p);
  }

  static create(): SandboxState {
    const incomingFolderId = newId();
    return new SandboxState({
      version: STATE_VERSION,
      incomingFolderId,
      sessions: [],
      tokens: [],
      folders: [
        { id: incomingFolderId, parentId: null, name: INCOMING_FOLDER_NAME },
        { id: newId(), parentId: null, name: BUCKET_NAME, kind: 'bucket' },
      ],
      assets: [],
      uploads: [],
      urlCutoff: null,
    });
  }

  /** Refuses anything that is not a state file of this version rather than guessing: losing uploads silently is worse. */
  static parse(text: string, source: string): SandboxState {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new Error(`${source} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    const candidate = data as Partial<PersistedState> | null;
    const arrays = ['sessions', 'tokens', 'folders', 'assets', 'uploads'] as const;
    if (
      typeof candidate !== 'object' ||
      candidate === null ||
      candidate.version !== STATE_VERSION ||
      typeof candidate.incomingFolderId !== 'string' ||
      arrays.some((key) => !Array.isArray(candidate[key]))
    ) {
      throw new Error(`${source} is not a sandbox state file of version ${STATE_VERSION}`);
    }
    const state = new SandboxState({ ...(candidate as PersistedState), urlCutoff: candidate.urlCutoff ?? null });
    // State files from before buckets existed get theirs now (recorded, so the journal keeps it).
    if (![...state.folders.values()].some((folder) => folder.kind === 'bucket')) state.putFolder({ id: newId(), parentId: null, name: BUCKET_NAME, kind: 'bucket' });
    return state;
  }

  /** The whole state as one snapshot (the journal's compaction). */
  serialize(journalGeneration: number): string {
    const data: PersistedState = {
      version: STATE_VERSION,
      journalGeneration,
      incomingFolderId: this.incomingFolderId,
      sessions: [...this.#sessions.values()],
      tokens: [...this.#tokens.values()],
      folders: [...this.#folders.values()],
      assets: [...this.#assets.values()],
      uploads: [...this.#uploads.values()],
      urlCutoff: this.#urlCutoff,
      passwords: [...this.#passwords.values()],
    };
    return JSON.stringify(data);
  }

  /** The changes recorded since the last call, oldest first, as JSON lines. */
  takeChanges(): string[] {
    const changes = this.#changes;
    this.#changes = [];
    return changes;
  }

  /** Replays one journalled change (at start-up); records nothing. */
  apply(change: StateChange): void {
    switch (change.op) {
      case 'session.put':
        this.#sessions.set(change.value.id, change.value);
        return;
      case 'session.delete':
        this.#sessions.delete(change.id);
        return;
      case 'token.put':
        this.#indexToken(change.value);
        return;
      case 'token.delete':
        this.#unindexToken(change.digest);
        return;
      case 'folder.put':
        this.#indexFolder(change.value);
        return;
      case 'asset.put':
        this.#indexAsset(change.value);
        return;
      case 'upload.put':
        this.#indexUpload(change.value);
        return;
      case 'upload.update': {
        const upload = this.#uploads.get(change.id);
        if (upload) this.#setStatus(upload, change.assetId, change.status);
        return;
      }
      case 'upload.drop-parts': {
        const upload = this.#uploads.get(change.id);
        if (upload) this.#dropParts(upload);
        return;
      }
      case 'part.put': {
        const ref = this.#parts.get(change.value.id);
        if (ref) Object.assign(ref.part, change.value);
        return;
      }
      case 'url-cutoff.put':
        this.#urlCutoff = change.value;
        return;
      case 'password.put':
        this.#passwords.set(change.value.userName, change.value);
        return;
    }
  }

  // Reads.

  get sessions(): ReadonlyMap<string, SessionRecord> {
    return this.#sessions;
  }

  get tokens(): ReadonlyMap<string, TokenRecord> {
    return this.#tokens;
  }

  get folders(): ReadonlyMap<string, FolderRecord> {
    return this.#folders;
  }

  get assets(): ReadonlyMap<string, AssetRecord> {
    return this.#assets;
  }

  get uploads(): ReadonlyMap<string, UploadRecord> {
    return this.#uploads;
  }

  get urlCutoff(): UrlCutoff | null {
    return this.#urlCutoff;
  }

  passwordOf(userName: string): PasswordRecord | undefined {
    return this.#passwords.get(userName);
  }

  tokenCountOf(sessionId: string): number {
    return this.#tokensBySession.get(sessionId)?.size ?? 0;
  }

  tokensOf(sessionId: string): string[] {
    return [...(this.#tokensBySession.get(sessionId) ?? [])];
  }

  partById(partId: string): PartRef | undefined {
    return this.#parts.get(partId);
  }

  uploadByMultipartId(multipartUploadId: string): UploadRecord | undefined {
    return this.#byMultipartId.get(multipartUploadId);
  }

  childFolder(parentId: string, name: string): FolderRecord | undefined {
    return this.#foldersByTarget.get(targetKey(parentId, name));
  }

  /** Folders (and buckets, for null) directly below a folder, in no particular order. */
  childFolders(parentId: string | null): FolderRecord[] {
    return [...this.#folders.values()].filter((folder) => folder.parentId === parentId);
  }

  /** Completed assets directly in a folder. */
  assetsIn(parentId: string): AssetRecord[] {
    return [...this.#assets.values()].filter((asset) => asset.parentId === parentId);
  }

  assetAt(target: UploadTarget): AssetRecord | undefined {
    return this.#assetsByTarget.get(targetKey(target.parentId, target.name));
  }

  inProgressUploadAt(target: UploadTarget): UploadRecord | undefined {
    return this.#inProgressByTarget.get(targetKey(target.parentId, target.name));
  }

  /** Full path from the root, e.g. `Incoming/shoot/day 1`. */
  folderPath(folderId: string): string {
    const names: string[] = [];
    let current = this.#folders.get(folderId);
    // Folders form a tree rooted at Incoming; the bound guards against a corrupted state file.
    for (let depth = 0; current && depth < 10_000; depth++) {
      names.unshift(current.name);
      current = current.parentId === null ? undefined : this.#folders.get(current.parentId);
    }
    return names.join('/');
  }

  targetPath(target: UploadTarget): string {
    return `${this.folderPath(target.parentId)}/${target.name}`;
  }

  // Mutations: each applies the change and records it for the journal.

  putSession(session: SessionRecord): void {
    this.#sessions.set(session.id, session);
    this.#record({ op: 'session.put', value: session });
  }

  /** Ends a session and every token of it. */
  deleteSession(sessionId: string): void {
    for (const digest of this.tokensOf(sessionId)) this.deleteToken(digest, { keepSession: true });
    if (this.#sessions.delete(sessionId)) this.#record({ op: 'session.delete', id: sessionId });
  }

  putToken(token: TokenRecord): void {
    this.#indexToken(token);
    this.#record({ op: 'token.put', value: token });
  }

  /** A session lives while it has tokens: the last one's deletion ends it (unless the caller ends it itself). */
  deleteToken(digest: string, { keepSession = false } = {}): void {
    const token = this.#tokens.get(digest);
    if (!token) return;
    this.#unindexToken(digest);
    this.#record({ op: 'token.delete', digest });
    if (!keepSession && this.tokenCountOf(token.sessionId) === 0 && this.#sessions.delete(token.sessionId)) {
      this.#record({ op: 'session.delete', id: token.sessionId });
    }
  }

  putFolder(folder: FolderRecord): void {
    this.#indexFolder(folder);
    this.#record({ op: 'folder.put', value: folder });
  }

  putAsset(asset: AssetRecord): void {
    this.#indexAsset(asset);
    this.#record({ op: 'asset.put', value: asset });
  }

  addUpload(upload: UploadRecord): void {
    this.#indexUpload(upload);
    this.#record({ op: 'upload.put', value: upload });
  }

  setUploadStatus(upload: UploadRecord, assetId: string, status: UploadStatus): void {
    this.#setStatus(upload, assetId, status);
    this.#record({ op: 'upload.update', id: upload.id, assetId, status });
  }

  /** A cancelled upload keeps a tombstone (so a repeated cancel is answered) but no parts. */
  dropParts(upload: UploadRecord): void {
    this.#dropParts(upload);
    this.#record({ op: 'upload.drop-parts', id: upload.id });
  }

  /** Records a part whose `stored` or `confirmedEtag` the caller has just changed. */
  partChanged(upload: UploadRecord, part: PartRecord): void {
    this.#record({ op: 'part.put', uploadId: upload.id, value: part });
  }

  setPassword(password: PasswordRecord): void {
    this.#passwords.set(password.userName, password);
    this.#record({ op: 'password.put', value: password });
  }

  setUrlCutoff(cutoff: UrlCutoff): void {
    this.#urlCutoff = cutoff;
    this.#record({ op: 'url-cutoff.put', value: cutoff });
  }

  /** The `expire-tokens` fault: every access token issued so far is expired; refresh tokens keep working. */
  expireAccessTokens(now: number): number {
    let count = 0;
    for (const token of this.#tokens.values()) {
      if (token.kind === 'access' && token.expiresAt > now) {
        token.expiresAt = now;
        this.#record({ op: 'token.put', value: token });
        count++;
      }
    }
    return count;
  }

  /**
   * Changes are serialized when recorded: a record mutated again before the journal writes
   * must not reach the disk in its later state under an earlier change.
   */
  #record(change: StateChange): void {
    this.#changes.push(JSON.stringify(change));
  }

  #indexToken(token: TokenRecord): void {
    this.#tokens.set(token.digest, token);
    let digests = this.#tokensBySession.get(token.sessionId);
    if (!digests) this.#tokensBySession.set(token.sessionId, (digests = new Set()));
    digests.add(token.digest);
  }

  #unindexToken(digest: string): void {
    const token = this.#tokens.get(digest);
    if (!token) return;
    this.#tokens.delete(digest);
    const digests = this.#tokensBySession.get(token.sessionId);
    digests?.delete(digest);
    if (digests?.size === 0) this.#tokensBySession.delete(token.sessionId);
  }

  #indexFolder(folder: FolderRecord): void {
    const previous = this.#folders.get(folder.id);
    if (previous?.parentId) this.#foldersByTarget.delete(targetKey(previous.parentId, previous.name));
    this.#folders.set(folder.id, folder);
    if (folder.parentId !== null) this.#foldersByTarget.set(targetKey(folder.parentId, folder.name), folder);
  }

  #indexAsset(asset: AssetRecord): void {
    const previous = this.#assets.get(asset.id);
    if (previous) this.#assetsByTarget.delete(targetKey(previous.parentId, previous.name));
    this.#assets.set(asset.id, asset);
    this.#assetsByTarget.set(targetKey(asset.parentId, asset.name), asset);
  }

  #indexUpload(upload: UploadRecord): void {
    this.#uploads.set(upload.id, upload);
    this.#byMultipartId.set(upload.storage.multipartUploadId, upload);
    for (const part of upload.parts) this.#parts.set(part.id, { upload, part });
    if (upload.status.state === 'in-progress') this.#inProgressByTarget.set(targetKey(upload.target.parentId, upload.target.name), upload);
  }

  #setStatus(upload: UploadRecord, assetId: string, status: UploadStatus): void {
    upload.assetId = assetId;
    upload.status = status;
    const key = targetKey(upload.target.parentId, upload.target.name);
    if (status.state !== 'in-progress' && this.#inProgressByTarget.get(key) === upload) this.#inProgressByTarget.delete(key);
  }

  #dropParts(upload: UploadRecord): void {
    for (const part of upload.parts) this.#parts.delete(part.id);
    upload.parts = [];
  }
}
