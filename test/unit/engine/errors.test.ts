import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errors as undiciErrors } from 'undici';
import { describe, expect, it } from 'vitest';
import { UploadError, isUploadError, toUploadError } from '../../../main/engine/errors';
import { isRetryableCode } from '../../../main/engine/retry-policy';
import { useTempDir } from './support/temp-dir';

/** What Node's fs and net layers throw: an Error with a string `code`. */
const systemError = (code: string, message = `${code}: something happened`) => Object.assign(new Error(message), { code });

describe('toUploadError', () => {
  it.each([
    ['ENOENT', 'file-missing'],
    ['EACCES', 'file-unreadable'],
    ['EPERM', 'file-unreadable'],
    ['EISDIR', 'not-a-file'],
    ['ESPIPE', 'not-a-file'], // a positioned read on a FIFO that replaced the file
    ['ELOOP', 'file-unreadable'],
    ['ENOSPC', 'disk-full'],
    ['EDQUOT', 'disk-full'],
    ['ECONNRESET', 'network'],
    ['ECONNREFUSED', 'network'],
    ['EPIPE', 'network'],
    ['ENOTFOUND', 'network'],
    ['EAI_AGAIN', 'network'], // DNS lookups fail like this while the laptop is offline
    ['ETIMEDOUT', 'timeout'],
    ['UND_ERR_SOCKET', 'network'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['UND_ERR_BODY_TIMEOUT', 'timeout'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['UND_ERR_REQ_CONTENT_LENGTH_MISMATCH', 'file-changed'],
  ])('a thrown %s becomes %s', (code, expected) => {
    const converted = toUploadError(systemError(code));
    expect(converted).toBeInstanceOf(UploadError);
    expect(converted.code).toBe(expected);
  });

  it('a file-system error with a path is the file\'s problem, never the network\'s', () => {
    const eio = Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO', syscall: 'read', path: '/media/card/A001.mov' });
    expect(toUploadError(eio, { path: '/media/card/A001.mov' })).toMatchObject({
      code: 'file-unreadable',
      message: 'A001.mov cannot be read (EIO).',
    });
  });

  it('keeps the original error as the cause and the given context', () => {
    const original = systemError('ECONNRESET');
    const converted = toUploadError(original, { request: 'PUT part 3', partNumber: 3 });
    expect(converted.cause).toBe(original);
    expect(converted.context).toEqual({ request: 'PUT part 3', partNumber: 3 });
    expect(converted.message).toContain('ECONNRESET');
  });

  it('classifies a reset that undici wraps in its own error by the code', () => {
    const reset = new undiciErrors.SocketError('other side closed');
    expect(reset.code).toBe('UND_ERR_SOCKET');
    expect(toUploadError(reset).code).toBe('network');
  });

  it('looks into `cause` when the outer error has no code (fetch-style TypeError)', () => {
    const wrapped = new TypeError('fetch failed', { cause: systemError('ECONNREFUSED') });
    expect(toUploadError(wrapped).code).toBe('network');
  });

  it('an AbortError (DOMException or Node) means the user or the engine stopped it', () => {
    const controller = new AbortController();
    controller.abort();
    expect(toUploadError(controller.signal.reason).code).toBe('aborted');
    expect(toUploadError(Object.assign(new Error('aborted'), { name: 'AbortError' })).code).toBe('aborted');
    expect(toUploadError(systemError('ABORT_ERR')).code).toBe('aborted');
  });

  it('the reason of AbortSignal.timeout() is a timeout, and classifying it does not throw', () => {
    // A DOMException's `code` is a number (23 for TimeoutError), not a string.
    const reason = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(() => toUploadError(reason)).not.toThrow();
    expect(toUploadError(reason).code).toBe('timeout');
  });

  it('any other DOMException (numeric code) is an internal error, not a crash of the classifier', () => {
    const clone = new DOMException('could not be cloned', 'DataCloneError');
    expect(toUploadError(clone)).toMatchObject({ code: 'internal', message: 'could not be cloned' });
  });

  it('a plain Error("boom") is a bug: internal, and never retried', () => {
    const converted = toUploadError(new Error('boom'));
    expect(converted).toMatchObject({ code: 'internal', message: 'boom' });
    expect(isRetryableCode(converted.code)).toBe(false);
  });

  it('Node codes with underscores (programming errors) are internal, not network', () => {
    expect(toUploadError(systemError('ERR_INVALID_ARG_TYPE')).code).toBe('internal');
  });

  it('non-Error throwables still become an UploadError', () => {
    expect(toUploadError('boom')).toMatchObject({ code: 'internal', message: 'boom' });
    expect(toUploadError(undefined)).toMatchObject({ code: 'internal', message: 'undefined' });
    expect(toUploadError(null)).toMatchObject({ code: 'internal' });
  });

  it('passes an UploadError through unchanged (no double wrapping, context kept)', () => {
    const original = new UploadError('url-expired', 'expired', { partNumber: 4 });
    expect(toUploadError(original, { request: 'other' })).toBe(original);
    expect(isUploadError(original)).toBe(true);
    expect(isUploadError(new Error('x'))).toBe(false);
  });

  describe('with real file-system errors', () => {
    const temp = useTempDir();

    it('reading a file that is not there is file-missing', async () => {
      const failure = await readFile(join(temp.dir(), 'gone.mov')).catch((e: unknown) => e);
      expect(toUploadError(failure, { path: 'gone.mov' })).toMatchObject({ code: 'file-missing', context: { path: 'gone.mov' } });
    });

    it('reading a folder as a file is not-a-file', async () => {
      const failure = await readFile(temp.dir()).catch((e: unknown) => e);
      expect(toUploadError(failure).code).toBe('not-a-file');
    });
  });
});

describe('isRetryableCode', () => {
  it('retries what time can fix and nothing that needs the user', () => {
    expect(isRetryableCode('network')).toBe(true);
    expect(isRetryableCode('url-expired')).toBe(true);
    expect(isRetryableCode('etag-mismatch')).toBe(true);
    expect(isRetryableCode('auth-failed')).toBe(false);
    expect(isRetryableCode('file-changed')).toBe(false);
    expect(isRetryableCode('etag-unverifiable')).toBe(false);
    expect(isRetryableCode('internal')).toBe(false);
  });
});
