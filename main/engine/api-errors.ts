// How the Nomad API's answers become data or errors: bodies checked against their schema, and
// every refusal classified into the error codes the retry policy and the UI switch on, with the
// server's own words kept (redacted) for the person.

import type { z } from 'zod';
import { readServerWords, type ServerWords } from './server-words';
import { UploadError } from './errors';
import { redactText } from './redact';

export function parseBody<S extends z.ZodType>(text: string, schema: S, context: { request: string; status: number }): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UploadError('invalid-response', `The server's answer to ${context.request} is not JSON.`, context);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unexpected shape';
    throw new UploadError(
      'invalid-response',
      `The server's answer to ${context.request} is not what the protocol says (${where}).`,
      context,
    );
  }
  return parsed.data;
}

/** Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

// "already exists", not a bare "exists": "No asset exists with id …" is a bad request.
const EXISTS_PATTERN = /already exists?\b|\basset exists\b(?!\s+with)|already been uploaded/i;
/** Machine codes of the same refusal in error models that have them (`AssetAlreadyExists`, `DuplicateAsset`). */
const EXISTS_CODE_PATTERN = /already_?exists?|^(asset|file)_?exists$|duplicate/i;

/**
 * Whether a refused start is the conflict question. Nomad's spec lists only 400 for start; the
 * sandbox (like a well-behaved server) says 409, a validating one 422. A 409 on start is always
 * the conflict; a 400 or a 422 only when the server's words (or its error code) say the asset
 * exists — any other 400 is a request we got wrong and must not be mistaken for a question.
 */
export function isExistsRefusal(status: number, words: ServerWords): boolean {
  if (status === 409) return true;
  if (status !== 400 && status !== 422) return false;
  return words.texts.some((text) => EXISTS_PATTERN.test(text)) || words.codes.some((code) => EXISTS_CODE_PATTERN.test(code));
}

export function httpError(route: string, status: number, text: string, retryAfter: string | string[] | undefined): UploadError {
  const words = readServerWords(text);
  // Server text ends up in messages and logs: mask anything that looks like a credential.
  const detail = words.summary === undefined ? undefined : redactText(words.summary);
  const context = {
    request: route,
    status,
    detail,
    ...(words.codes.length > 0 ? { serverCode: words.codes.join(', ') } : {}),
    retryAfterMs: parseRetryAfter(retryAfter),
  };
  const said = detail ? `: ${detail}` : '';
  if (route === 'POST /account/login' && (status === 404 || status === 400 || status === 401)) {
    return new UploadError('auth-failed', 'Wrong user name or password.', context);
  }
  if (route === 'POST /account/refresh-token' && (status === 404 || status === 400 || status === 401)) {
    return new UploadError('auth-failed', 'The saved session was refused by the server.', context);
  }
  if (status === 401) return new UploadError('auth-failed', `The server refused the session (${route})${said}.`, context);
  if (route.startsWith('POST /asset/upload/start') && isExistsRefusal(status, words)) {
    // Servers without our ProblemDetails extension name neither the asset nor the upload:
    // still the question (Continue, Replace, Skip), only Replace asset cannot be offered.
    return new UploadError('asset-exists', `The asset already exists on the server${said}.`, {
      ...context,
      conflict: { assetId: words.assetId, uploadId: words.uploadId },
    });
  }
  if (status === 429 || status === 503) {
    return new UploadError('rate-limited', `The server is busy (${status}, ${route}); waiting before retrying.`, context);
  }
  if (status >= 500) return new UploadError('server-error', `The server failed (${status}, ${route})${said}.`, context);
  if (status === 404) return new UploadError('not-found', `Not found on the server (${route})${said}.`, context);
  return new UploadError('bad-request', `The server refused the request (${status}, ${route})${said}.`, context);
}
