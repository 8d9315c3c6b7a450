// Any thrown value as the Result error the renderer shows: a stable code, a sentence, and
// the server's own words with the request and status they answered, when there were any.

import { toUploadError } from '../engine/errors';
import { isRetryableCode } from '../engine/retry-policy';
import type { ResultError } from '../../preload/contract';
import { AppError } from './app-errors';

export function toResultError(error: unknown): ResultError {
  if (error instanceof AppError) {
    return { code: error.code, message: error.message, retryable: false, ...withoutUndefined(error.context) };
  }
  const uploadError = toUploadError(error);
  const { detail, status, request, refusal } = uploadError.context;
  const context = withoutUndefined({ detail, status, request, refusal });
  if (uploadError.code === 'network' || uploadError.code === 'timeout') {
    return { code: 'unreachable', message: `The server cannot be reached (${uploadError.message.replace(/\.$/, '')}).`, retryable: true, ...context };
  }
  if (uploadError.code === 'internal') {
    return { code: 'internal', message: 'Something went wrong inside the app. Please try again.', retryable: false };
  }
  return { code: uploadError.code, message: uploadError.message, retryable: isRetryableCode(uploadError.code), ...context };
}

function withoutUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
