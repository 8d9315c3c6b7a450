// One error type for everything the engine can run into. Each carries a stable code (what
// the retry policy and the UI switch on) and the context that makes it debuggable: which
// request, which part, which status. Messages never contain tokens or URL signatures.

import { basename } from 'node:path';

export type UploadErrorCode =
  // account
  | 'auth-failed' // wrong user or password, or the refresh token was refused
  | 'auth-required' // no session at all
  | 'account-refused' // the account exists but may not sign in now: disabled, expired, pending (403 / loginStatus)
  | 'sign-in-incomplete' // the server wants a step nobody can give here: a two-factor code, a new password
  // network and server
  | 'network' // connection refused/reset, DNS, socket closed mid-body
  | 'timeout' // no bytes moved for the stall window
  | 'server-error' // 5xx from the API
  | 'rate-limited' // 429 / 503 with Retry-After
  | 'bad-request' // other 4xx: the server refused what we sent
  | 'not-found'
  | 'invalid-response' // the server answered something that is not the protocol
  | 'asset-exists' // start with Cancel refused: the asset is already there
  // destinations and related assets
  | 'folder-missing' // a folder named in a path (--to) does not exist, and creating it was not asked for
  | 'name-ambiguous' // two folders or languages answer to the name given: the id has to say which
  | 'language-unknown' // no language of the server has that name, code or id
  | 'parent-failed' // a sidecar's parent upload failed or was cancelled: nothing to attach it to
  // storage
  | 'url-expired' // 403 from storage on a pre-signed URL
  | 'urls-not-renewed' // upload links expired and neither the listing nor a Continue start gave new ones
  | 'storage-error' // 5xx from storage
  | 'storage-refused' // other 4xx from storage
  | 'storage-unresponsive' // storage times out or drops us while the API answers: not our network
  | 'etag-mismatch' // storage's ETag is not the MD5 we computed
  | 'etag-unverifiable' // storage's ETag is not an MD5 at all (e.g. SSE-KMS)
  // local
  | 'file-missing'
  | 'file-changed'
  | 'file-unreadable'
  | 'not-a-file'
  | 'disk-full'
  | 'journal-error'
  // control flow
  | 'aborted'
  | 'plan-mismatch' // the server's part plan does not cover the file
  | 'internal'; // a bug: never retried, always reported

export interface UploadErrorContext {
  /** `POST /asset/upload/start`, `PUT part 3`: never a full pre-signed URL. */
  request?: string;
  status?: number;
  partNumber?: number;
  path?: string;
  retryAfterMs?: number;
  /** The server's own words (ProblemDetails detail or title, `{errors}` messages, `{message}`, a bare string), if any. */
  detail?: string;
  /** The server's own error codes, where its error model has them (`{errors: [{code}]}`). */
  serverCode?: string;
  /** For `asset-exists`: what the server said is already there. */
  conflict?: { assetId: string | null; uploadId: string | null };
}

export class UploadError extends Error {
  readonly code: UploadErrorCode;
  readonly context: UploadErrorContext;

  constructor(code: UploadErrorCode, message: string, context: UploadErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UploadError';
    this.code = code;
    this.context = context;
  }
}

export const isUploadError = (error: unknown): error is UploadError => error instanceof UploadError;

/** Classifies a thrown value from Node/undici into an UploadError. */
export function toUploadError(error: unknown, context: UploadErrorContext = {}): UploadError {
  if (error instanceof UploadError) return error;
  const err = error as { name?: string; code?: string; message?: string } | undefined;
  if (err?.name === 'AbortError' || err?.code === 'ABORT_ERR') {
    return new UploadError('aborted', 'The request was stopped.', context, { cause: error });
  }
  // The reason of an `AbortSignal.timeout()` signal: a DOMException whose `code` is a number.
  if (err?.name === 'TimeoutError') {
    return new UploadError('timeout', 'The server took too long to answer.', context, { cause: error });
  }
  const name = context.path ? basename(context.path) : 'The file';
  switch (err?.code) {
    case 'ENOENT':
      return new UploadError('file-missing', `${name} does not exist.`, context, { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new UploadError('file-unreadable', `${name} cannot be read (permission denied).`, context, { cause: error });
    case 'ESPIPE': // a positioned read on a pipe or socket: the path is no longer a regular file
      return new UploadError('not-a-file', `${name} is not a regular file (pipe or device).`, context, { cause: error });
    case 'ELOOP':
      return new UploadError('file-unreadable', `${name} is a link that loops back on itself.`, context, { cause: error });
    case 'EISDIR':
      return new UploadError('not-a-file', `${name} is a folder, not a file.`, context, { cause: error });
    case 'ENOSPC':
    case 'EDQUOT':
      return new UploadError('disk-full', 'The disk is full: the upload record could not be saved.', context, { cause: error });
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return new UploadError('timeout', 'The server took too long to answer.', context, { cause: error });
    case 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH':
      return new UploadError('file-changed', 'The file changed while it was being read.', context, { cause: error });
    default:
      break;
  }
  // Node's file-system errors carry the path they were about; socket errors never do. A
  // failing disk (EIO), a loop of links (ELOOP) or a read-only volume is the file's problem,
  // not the network's, and waiting for the network would wait forever.
  const fsError = error as { path?: unknown; syscall?: unknown } | undefined;
  if (typeof err?.code === 'string' && typeof fsError?.path === 'string') {
    return new UploadError('file-unreadable', `${name} cannot be read (${err.code}).`, context, { cause: error });
  }
  const causeCode = (err as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  // DOMExceptions carry a numeric `code`: only string codes are Node/undici error codes.
  const code = [err?.code, causeCode].find((c): c is string => typeof c === 'string');
  // Socket-level failures (ECONNRESET, ECONNREFUSED, EPIPE, ENOTFOUND, UND_ERR_SOCKET, …) and
  // DNS failures while offline (EAI_AGAIN): the network, not us. Anything else is a bug and
  // must not be retried forever.
  if (code && (code.startsWith('UND_ERR') || /^E[A-Z]+$/.test(code) || /^EAI_[A-Z]+$/.test(code))) {
    return new UploadError('network', `The connection failed (${code}).`, context, { cause: error });
  }
  return new UploadError('internal', err?.message ?? String(error), context, { cause: error });
}
