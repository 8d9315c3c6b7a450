// SHA-256 of each asset's stored bytes, for the inspection route (the tests' proof that what
// storage holds is byte for byte what was sent). Hashed when someone asks, not at complete:
// streaming a 192 MiB object back through s3rver and hashing it took ≈ 1.5 s of the sandbox's
// CPU inside every complete (twice the AWS CLI's whole CompleteMultipartUpload in the WAN
// bench), and a GetObject through the AWS SDK for every small file — time a real Nomad server
// does not spend before it answers, so it was measured as the client's. Each (object, ETag) is
// hashed once.

import type { AssetRecord } from './state-model';
import type { StorageBackend } from './storage-backend';

/** Objects hashed at once: the inspection route after a 2,000-file run must not open 2,000 GETs. */
const PARALLEL_DIGESTS = 4;

export class AssetDigests {
  readonly #storage: Pick<StorageBackend, 'digestObject'>;
  /** `${objectKey}\n${etag}` → its SHA-256 (null: storage keeps no bytes, e.g. discard). */
  readonly #known = new Map<string, Promise<string | null>>();

  constructor(storage: Pick<StorageBackend, 'digestObject'>) {
    this.#storage = storage;
  }

  /** Asset id → SHA-256 of its stored bytes, for every asset given. */
  async of(assets: Iterable<AssetRecord>): Promise<Map<string, string | null>> {
    const pending = [...assets];
    const digests = new Map<string, string | null>();
    const worker = async (): Promise<void> => {
      for (let asset = pending.shift(); asset; asset = pending.shift()) digests.set(asset.id, await this.#digest(asset));
    };
    await Promise.all(Array.from({ length: PARALLEL_DIGESTS }, worker));
    return digests;
  }

  #digest(asset: AssetRecord): Promise<string | null> {
    // Recorded at complete by an older sandbox (state.json from before this module): trusted.
    if (asset.sha256 !== null) return Promise.resolve(asset.sha256);
    const key = `${asset.objectKey}\n${asset.etag}`;
    let known = this.#known.get(key);
    if (!known) {
      known = this.#storage.digestObject(asset.objectKey).then((digest) => {
        // The size check complete used to make: storage assembled other bytes than were declared.
        if (digest && digest.size !== asset.size) {
          throw new Error(`stored object ${asset.objectKey} has ${digest.size} bytes, asset ${asset.id} declares ${asset.size}`);
        }
        return digest?.sha256 ?? null;
      });
      // A failed hash (storage down for a moment) is asked again next time, not remembered.
      known.catch(() => this.#known.delete(key));
      this.#known.set(key, known);
    }
    return known;
  }
}
