// Where the spec is silent, real Nomad servers may behave in more than one plausible way. Each
// variant switches one such behaviour of the sandbox, so the client is tested against every
// reading (DESIGN.md, "Where the spec is silent"). Without variants the sandbox answers as
// ASP.NET would by default: ProblemDetails, 409 for "already exists", every part on Continue,
// fresh URLs in every listing, MD5 ETags, rotating refresh tokens, one part [0, -1] for an
// empty file, 401 for an expired token.

export const SANDBOX_VARIANTS = [
  /** Error bodies as `{errors: [{code, field, message}]}` (Nomad's own error model). */
  'errors-array',
  /** Error bodies as `{message}`. */
  'errors-message',
  /** Error bodies as a bare JSON string. */
  'errors-string',
  /** "Already exists" under Cancel is a 400 whose text says so, without asset or upload ids. */
  'conflict-400',
  /** The same as a 422, without ids. */
  'conflict-422',
  /** A Continue start lists only the parts still to upload. */
  'continue-pending-only',
  /** The admin listings hand back the URLs handed out before (expired or not); only a Continue start re-signs. */
  'no-resign',
  /** Storage answers random 32-hex ETags (SSE-KMS), not MD5s; Content-MD5 still makes it check the bytes. */
  'kms-etag',
  /** Refresh answers `refreshToken: null` and the refresh token in use stays valid (no rotation). */
  'refresh-null',
  /** A 0-byte upload has no parts at all (the object is created empty on complete). */
  'zero-byte-no-parts',
  /** A 0-byte upload has one part [0, 0], to be sent with 0 bytes. */
  'zero-byte-single-part',
  /** An expired access token on an API call is answered 403, not 401. */
  'api-403-expiry',
] as const;

export type SandboxVariant = (typeof SANDBOX_VARIANTS)[number];

/** Variants that answer the same question differently: at most one of each group at a time. */
export const EXCLUSIVE_VARIANTS: readonly (readonly SandboxVariant[])[] = [
  ['errors-array', 'errors-message', 'errors-string'],
  ['conflict-400', 'conflict-422'],
  ['zero-byte-no-parts', 'zero-byte-single-part'],
];

export type ErrorBodyStyle = 'problem-details' | 'errors-array' | 'errors-message' | 'errors-string';
export type ZeroBytePlan = 'one-empty-part' | 'no-parts' | 'single-part-0-0';

/** The variants in force, as the behaviours they select. */
export class Variants {
  readonly #active: ReadonlySet<SandboxVariant>;

  constructor(active: readonly SandboxVariant[] = []) {
    this.#active = new Set(active);
  }

  get list(): SandboxVariant[] {
    return SANDBOX_VARIANTS.filter((name) => this.#active.has(name));
  }

  has(name: SandboxVariant): boolean {
    return this.#active.has(name);
  }

  get errorBody(): ErrorBodyStyle {
    for (const style of ['errors-array', 'errors-message', 'errors-string'] as const) if (this.#active.has(style)) return style;
    return 'problem-details';
  }

  /** The status of "already exists" under Cancel; ids travel only with 409, as the sandbox's own extension. */
  get conflictStatus(): 400 | 409 | 422 {
    if (this.#active.has('conflict-400')) return 400;
    if (this.#active.has('conflict-422')) return 422;
    return 409;
  }

  get zeroBytePlan(): ZeroBytePlan {
    if (this.#active.has('zero-byte-no-parts')) return 'no-parts';
    if (this.#active.has('zero-byte-single-part')) return 'single-part-0-0';
    return 'one-empty-part';
  }
}

/** Validates a list of names (unknown names and exclusive pairs are errors that say which). */
export function parseVariants(names: readonly string[]): SandboxVariant[] {
  const known = new Set<string>(SANDBOX_VARIANTS);
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new RangeError(`unknown variant ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${SANDBOX_VARIANTS.join(', ')}`);
  const chosen = [...new Set(names)] as SandboxVariant[];
  for (const group of EXCLUSIVE_VARIANTS) {
    const clash = group.filter((name) => chosen.includes(name));
    if (clash.length > 1) throw new RangeError(`variants ${clash.join(' and ')} exclude each other (they answer the same question)`);
  }
  return chosen;
}
