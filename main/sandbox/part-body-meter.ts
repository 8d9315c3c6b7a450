import { Transform, type TransformCallback } from 'node:stream';

export interface MeterOptions {
  /** Called for every chunk that passes, with its length. */
  onBytes: (count: number) => void;
  /** Hold the body still after `afterBytes` for `ms` (then continue): a client's stall detector sees no progress. */
  stall?: { afterBytes: number; ms: number } | undefined;
}

/**
 * Pass-through for a part body that counts bytes and can stall. While the stall lasts the
 * transform's callback is withheld, so backpressure stops reading from the client socket and
 * the client's send buffer fills up, exactly like a stuck network path.
 */
export class PartBodyMeter extends Transform {
  readonly #onBytes: (count: number) => void;
  readonly #stall: { afterBytes: number; ms: number } | undefined;
  #passed = 0;
  #stalled = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: MeterOptions) {
    super();
    this.#onBytes = options.onBytes;
    this.#stall = options.stall;
  }

  get bytes(): number {
    return this.#passed;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const stall = this.#stall;
    if (stall && !this.#stalled && this.#passed + chunk.length > stall.afterBytes) {
      this.#stalled = true;
      const head = chunk.subarray(0, stall.afterBytes - this.#passed);
      const tail = chunk.subarray(head.length);
      this.#pass(head);
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#pass(tail);
        callback();
      }, stall.ms);
      return;
    }
    this.#pass(chunk);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.#timer) clearTimeout(this.#timer);
    callback(error);
  }

  #pass(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#passed += chunk.length;
    this.#onBytes(chunk.length);
    this.push(chunk);
  }
}
