import { createHash, randomBytes, randomUUID } from 'node:crypto';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function newId(): string {
  return randomUUID();
}

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** 32 random bytes: bearer and refresh tokens are unguessable, opaque strings. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Tokens are stored only as SHA-256 digests, so the state file on disk never holds a usable
 * credential.
 */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * A stable user id derived from the user name: users come from options, not from state, and
 * must keep the same id across restarts. Formatted as a name-based (version 5 layout) UUID.
 */
export function userIdFor(userName: string): string {
  return nameBasedId(`nomad-sandbox-user:${userName}`);
}

/** A UUID derived from a seed (version 5 layout over SHA-256): the same seed, the same id, across restarts. */
export function nameBasedId(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
