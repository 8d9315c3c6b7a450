import { newId } from './ids';
import {
  STATE_VERSION,
  type AssetRecord,
  type FolderRecord,
  type PartRecord,
  type PersistedState,
  type SessionRecord,
  type TokenRecord,
  type UploadRecord,
  type UploadTarget,
  type UrlCutoff,
} from './state-model';

/** Name of the predefined folder that receives uploads without a parentId (the spec's "incoming folder"). */
export const INCOMING_FOLDER_NAME = 'Incoming';

export interface PartRef {
  upload: UploadRecord;
  part: PartRecord;
}

/**
 * All sandbox state in memory, with the lookups the API needs. Mutations happen on the
 * records directly; whoever mutates must commit the state file before answering.
 */
export class SandboxState {
  readonly incomingFolderId: string;
  readonly sessions = new Map<string, SessionRecord>();
  /** By token digest. */
  readonly tokens = new Map<string, TokenRecord>();
  readonly folders = new Map<string, FolderRecord>();
  readonly assets = new Map<string, AssetRecord>();
  readonly uploads = new Map<string, UploadRecord>();
  urlCutoff: UrlCutoff | null;
  readonly #parts = new Map<string, PartRef>();
  readonly #byMultipartId = new Map<string, UploadRecord>();

  private constructor(data: PersistedState) {
    this.incomingFolderId = data.incomingFolderId;
    this.urlCutoff = data.urlCutoff;
    for (const s of data.sessions) this.sessions.set(s.id, s);
    for (const t of data.tokens) this.tokens.set(t.digest, t);
    for (const f of data.folders) this.folders.set(f.id, f);
    for (const a of data.assets) this.assets.set(a.id, a);
    for (const u of data.uploads) this.addUpload(u);
  }

  static create(): SandboxState {
    const incomingFolderId = newId();
    return new SandboxState({
      version: STATE_VERSION,
      incomingFolderId,
      sessions: [],
      tokens: [],
      folders: [{ id: incomingFolderId, parentId: null, name: INCOMING_FOLDER_NAME }],
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
      throw new Error(`${source} is not valid JSON: ${(error as Error).message}`);
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
    return new SandboxState({ ...(candidate as PersistedState), urlCutoff: candidate.urlCutoff ?? null });
  }

  serialize(): string {
    const data: PersistedState = {
      version: STATE_VERSION,
      incomingFolderId: this.incomingFolderId,
      sessions: [...this.sessions.values()],
      tokens: [...this.tokens.values()],
      folders: [...this.folders.values()],
      assets: [...this.assets.values()],
      uploads: [...this.uploads.values()],
      urlCutoff: this.urlCutoff,
    };
    return JSON.stringify(data);
  }

  addUpload(upload: UploadRecord): void {
    this.uploads.set(upload.id, upload);
    this.#byMultipartId.set(upload.storage.multipartUploadId, upload);
    for (const part of upload.parts) this.#parts.set(part.id, { upload, part });
  }

  /** A cancelled upload keeps a tombstone (so a repeated cancel is answered) but no parts. */
  dropParts(upload: UploadRecord): void {
    for (const part of upload.parts) this.#parts.delete(part.id);
    upload.parts = [];
  }

  partById(partId: string): PartRef | undefined {
    return this.#parts.get(partId);
  }

  uploadByMultipartId(multipartUploadId: string): UploadRecord | undefined {
    return this.#byMultipartId.get(multipartUploadId);
  }

  childFolder(parentId: string, name: string): FolderRecord | undefined {
    for (const folder of this.folders.values()) {
      if (folder.parentId === parentId && folder.name === name) return folder;
    }
    return undefined;
  }

  assetAt(target: UploadTarget): AssetRecord | undefined {
    for (const asset of this.assets.values()) {
      if (asset.parentId === target.parentId && asset.name === target.name) return asset;
    }
    return undefined;
  }

  inProgressUploadAt(target: UploadTarget): UploadRecord | undefined {
    for (const upload of this.uploads.values()) {
      if (
        upload.status.state === 'in-progress' &&
        upload.target.parentId === target.parentId &&
        upload.target.name === target.name
      ) {
        return upload;
      }
    }
    return undefined;
  }

  /** Full path from the root, e.g. `Incoming/shoot/day 1`. */
  folderPath(folderId: string): string {
    const names: string[] = [];
    let current = this.folders.get(folderId);
    // Folders form a tree rooted at Incoming; the bound guards against a corrupted state file.
    for (let depth = 0; current && depth < 10_000; depth++) {
      names.unshift(current.name);
      current = current.parentId === null ? undefined : this.folders.get(current.parentId);
    }
    return names.join('/');
  }

  targetPath(target: UploadTarget): string {
    return `${this.folderPath(target.parentId)}/${target.name}`;
  }
}
