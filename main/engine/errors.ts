// One error type for everything the engine can run into. Each carries a stable code (what
// the retry policy and the UI switch on) and the context that makes it debuggable: which
// request, which part, which status. Messages never contain tokens or URL signatures.

import { basename } from 'node:path';
import type { UploadErrorCode } from '../../shared/error-codes';
import type { RefusalReason } from '../../shared/refusal-reasons';

// Defined in shared/ (the renderer switches on it and has no Node); re-exported for the engine's callers.
export type { UploadErrorCode } from '../../shared/error-codes';

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
  /** For `auth-failed` and `account-refused` from a login: why, so each language can say it. */
  refusal?: RefusalReason;
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
