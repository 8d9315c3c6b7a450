import { z } from 'zod';

// Fault injection for the fault-matrix tests. Queued faults fire on the nth next matching
// event (counted from when they are set) and then `times` times in a row; immediate faults
// (expire-urls, expire-tokens) act when added and never queue.

interface Repeat {
  /** 1 = the next matching event (default). */
  nth?: number;
  /** How many consecutive matching events it answers once it starts (default 1). */
  times?: number;
}

export type PartFaultStatus = 500 | 503 | 429 | 403;

export type PartStatusFault = Repeat & { kind: 'part-status'; status: PartFaultStatus; retryAfterSeconds?: number };
export type PartResetFault = Repeat & { kind: 'part-reset'; afterBytes: number };
export type PartStallFault = Repeat & { kind: 'part-stall'; afterBytes: number; stallMs: number };
export type PartWrongEtagFault = Repeat & { kind: 'part-wrong-etag' };
export type PartFault = PartStatusFault | PartResetFault | PartStallFault | PartWrongEtagFault;

export const API_FAULT_ROUTES = ['start', 'part-complete', 'complete', 'admin-upload', 'refresh-token', 'login'] as const;
export type ApiFaultRoute = (typeof API_FAULT_ROUTES)[number];

/** Answers an API call with `status` (ProblemDetails), or with a 200 (or `status`) whose body is not JSON. */
export type ApiStatusFault = Repeat & {
  kind: 'api-status';
  route: ApiFaultRoute;
  status?: number;
  retryAfterSeconds?: number;
  body?: 'garbage';
};

export type ExpireUrlsFault = { kind: 'expire-urls' };
export type ExpireTokensFault = { kind: 'expire-tokens' };
export type ImmediateFault = ExpireUrlsFault | ExpireTokensFault;

export type QueuedFault = PartFault | ApiStatusFault;
export type Fault = QueuedFault | ImmediateFault;

export interface PendingFault {
  id: number;
  fault: QueuedFault;
  /** Matching events still to let pass before it fires. */
  skipsLeft: number;
  /** Firings left. */
  timesLeft: number;
}

export interface FaultController {
  /** Validates all, then adds all (or none); returns the queued entries (immediate faults act at once). */
  add(fault: Fault | Fault[]): PendingFault[];
  /** Removes every pending fault; returns how many there were. */
  clear(): number;
  pending(): PendingFault[];
}

export class FaultInputError extends Error {
  override readonly name = 'FaultInputError';
}

/** A stall longer than 10 minutes would outlive any sensible test. */
const MAX_STALL_MS = 10 * 60 * 1000;

const repeat = {
  nth: z.number().int().min(1).max(1_000_000).optional(),
  times: z.number().int().min(1).max(1_000_000).optional(),
};
const retryAfterSeconds = z.number().int().min(0).max(86_400).optional();
const byteCount = z.number().int().min(0);

const faultSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('part-status'),
    ...repeat,
    status: z.union([z.literal(500), z.literal(503), z.literal(429), z.literal(403)]),
    retryAfterSeconds,
  }),
  z.strictObject({ kind: z.literal('part-reset'), ...repeat, afterBytes: byteCount }),
  z.strictObject({ kind: z.literal('part-stall'), ...repeat, afterBytes: byteCount, stallMs: z.number().int().min(0).max(MAX_STALL_MS) }),
  z.strictObject({ kind: z.literal('part-wrong-etag'), ...repeat }),
  z.strictObject({ kind: z.literal('expire-urls') }),
  z.strictObject({ kind: z.literal('expire-tokens') }),
  z
    .strictObject({
      kind: z.literal('api-status'),
      ...repeat,
      route: z.enum(API_FAULT_ROUTES),
      status: z.number().int().min(200).max(599).optional(),
      retryAfterSeconds,
      body: z.literal('garbage').optional(),
    })
    .refine((f) => f.status !== undefined || f.body === 'garbage', {
      message: 'api-status needs a status (or body: "garbage", which answers 200)',
    }),
]);

const faultListSchema = z.union([faultSchema, z.array(faultSchema).max(1000)]);

export function parseFaults(input: unknown): Fault[] {
  const parsed = faultListSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(fault)'}: ${i.message}`);
    throw new FaultInputError(`invalid fault: ${issues.join('; ')}`);
  }
  return (Array.isArray(parsed.data) ? parsed.data : [parsed.data]) as Fault[];
}

export interface FaultHooks {
  onImmediate(fault: ImmediateFault): void;
  onFired(): void;
  /**
   * Why storage faults (part-* and expire-urls) cannot act, or null when they can: with direct
   * URLs part PUTs never reach the sandbox, and a fault that can never fire must not be accepted.
   */
  storageFaultsUnavailable?: string | null;
}

function isPartFault(fault: QueuedFault): fault is PartFault {
  return fault.kind !== 'api-status';
}

export class FaultQueue implements FaultController {
  readonly #hooks: FaultHooks;
  #entries: PendingFault[] = [];
  #nextId = 1;

  constructor(hooks: FaultHooks) {
    this.#hooks = hooks;
  }

  add(fault: Fault | Fault[] | unknown): PendingFault[] {
    const faults = parseFaults(fault);
    const refusal = this.#hooks.storageFaultsUnavailable ?? null;
    const storageFault = faults.find((item) => item.kind === 'expire-urls' || item.kind.startsWith('part-'));
    if (refusal !== null && storageFault) throw new FaultInputError(`invalid fault: ${storageFault.kind}: ${refusal}`);
    const added: PendingFault[] = [];
    for (const item of faults) {
      if (item.kind === 'expire-urls' || item.kind === 'expire-tokens') {
        this.#hooks.onImmediate(item);
        this.#hooks.onFired();
        continue;
      }
      const entry: PendingFault = { id: this.#nextId++, fault: item, skipsLeft: (item.nth ?? 1) - 1, timesLeft: item.times ?? 1 };
      this.#entries.push(entry);
      added.push({ ...entry });
    }
    return added;
  }

  clear(): number {
    const count = this.#entries.length;
    this.#entries = [];
    return count;
  }

  pending(): PendingFault[] {
    return this.#entries.map((entry) => ({ ...entry }));
  }

  /** Called once per part PUT the gateway accepts; returns the fault that answers it, if any. */
  takePartFault(): PartFault | null {
    return this.#take(isPartFault);
  }

  /** Called once per call of an API route; returns the fault that answers it, if any. */
  takeApiFault(route: ApiFaultRoute): ApiStatusFault | null {
    return this.#take((fault): fault is ApiStatusFault => fault.kind === 'api-status' && fault.route === route);
  }

  /** Every pending fault of the kind counts the event; the oldest one that is due answers it. */
  #take<T extends QueuedFault>(matches: (fault: QueuedFault) => fault is T): T | null {
    let due: PendingFault | null = null;
    for (const entry of this.#entries) {
      if (!matches(entry.fault)) continue;
      if (entry.skipsLeft > 0) entry.skipsLeft--;
      else due ??= entry;
    }
    if (!due) return null;
    due.timesLeft--;
    if (due.timesLeft === 0) this.#entries = this.#entries.filter((entry) => entry !== due);
    this.#hooks.onFired();
    return due.fault as T;
  }
}
