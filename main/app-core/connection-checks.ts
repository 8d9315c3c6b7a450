// The checks behind `nomad-upload doctor` and the app's "Test connection": one list, run in
// order, each with a plain-words summary and its data. They tell a person pointing the
// uploader at a real server whether it will work, and tell us which reading of the spec the
// server follows (as the sandbox variant that behaves the same). Nothing here prints or
// returns a token, a password, an API key or a URL signature.

import type { Dispatcher } from 'undici';
import { apiBaseUrl, type ApiLogEvent, type NomadApi } from '../engine/api';
import { pingSession } from '../engine/auth-account';
import { toUploadError } from '../engine/errors';
import { redactText } from '../engine/redact';
import { notNomadMessage, probeNomadApi } from './server-probe';
import { ERROR_STYLE_VARIANTS, ZERO_BYTE_VARIANTS, probeErrorStyle, probeZeroBytePlan, runWriteTest } from './server-traits';
import { CHECK_IDS, type CheckId, type CheckResult, type CheckStatus, type ConnectionReport } from '../../shared/connection-report';
export { CHECK_IDS, type CheckId, type CheckResult, type CheckStatus, type ConnectionReport } from '../../shared/connection-report';

export type CheckSignIn = () => Promise<{ ok: true; api: NomadApi; method: string; userName: string | null } | { ok: false; message: string }>;

export interface CheckOptions {
  serverUrl: string;
  /** Signs in (the CLI: by its options; the app: its current session). null: no credentials, sign-in checks are skipped. */
  signIn: CheckSignIn | null;
  writeTest: boolean;
  dispatcher?: Dispatcher;
  now?: () => number;
  /** Each result as it is known (the app shows progress; a test may act between checks). */
  onResult?: (result: CheckResult) => void | Promise<void>;
}

export async function runConnectionChecks(options: CheckOptions): Promise<ConnectionReport> {
  const now = options.now ?? Date.now;
  const apiBase = apiBaseUrl(options.serverUrl);
  const checks: CheckResult[] = [];
  const variants: string[] = [];
  const add = async (result: CheckResult): Promise<void> => {
    checks.push({ ...result, summary: redactText(result.summary) });
    await options.onResult?.(result);
  };
  const finish = (): ConnectionReport => ({ apiBase, checks, variants, ok: checks.every((c) => c.status !== 'fail') });
  const skipRest = async (from: CheckId, why: string): Promise<ConnectionReport> => {
    for (const id of CHECK_IDS.slice(CHECK_IDS.indexOf(from))) await add({ id, status: 'skipped', summary: why });
    return finish();
  };

  const started = now();
  const probe = await probeNomadApi(options.serverUrl, options.dispatcher);
  if (probe.kind === 'unreachable') {
    await add({ id: 'reachable', status: 'fail', summary: `No answer from ${new URL(apiBase).host} (${probe.reason}).`, data: { reason: probe.reason } });
    return skipRest('admin-api', 'Not run: the server did not answer.');
  }
  await add({ id: 'reachable', status: 'pass', summary: `${new URL(apiBase).host} answers (${now() - started} ms).`, data: { ms: now() - started } });
  if (probe.kind !== 'nomad') {
    await add({ id: 'admin-api', status: 'fail', summary: notNomadMessage(options.serverUrl, probe), data: { kind: probe.kind, status: probe.status, contentType: probe.contentType } });
    return skipRest('sign-in', 'Not run: the address is not a Nomad admin API.');
  }
  const addedApi = !/\/api\/?$/i.test(options.serverUrl.trim());
  await add({
    id: 'admin-api',
    status: 'pass',
    summary: `${apiBase} is a Nomad admin API${addedApi ? ' (/api was added to the address given)' : ''}.`,
    data: { apiBase, apiAdded: addedApi },
  });

  const style = await probeErrorStyle(options.serverUrl, options.dispatcher).catch(() => null);
  const errorStyle: CheckResult = style
    ? { id: 'error-style', status: 'info', summary: `Error answers are ${describeStyle(style.style)} (HTTP ${style.status} to a refused refresh).`, data: { style: style.style, status: style.status } }
    : { id: 'error-style', status: 'skipped', summary: 'Not determined: the probe got no answer.' };
  const styleVariant = style ? ERROR_STYLE_VARIANTS[style.style] : undefined;
  if (styleVariant) variants.push(styleVariant);

  if (options.signIn === null) {
    await add({ id: 'sign-in', status: 'skipped', summary: 'Not run: no credentials given (a user name and password, an API key, or --sso).' });
    for (const id of ['token-lifetime', 'refresh', 'session'] as const) await add({ id, status: 'skipped', summary: 'Not run: not signed in.' });
    await add(errorStyle);
    return skipRest('write-test', 'Not run: not signed in.');
  }
  const signedIn = await options.signIn().catch((error: unknown) => ({ ok: false as const, message: toUploadError(error).message }));
  if (!signedIn.ok) {
    await add({ id: 'sign-in', status: 'fail', summary: signedIn.message });
    for (const id of ['token-lifetime', 'refresh', 'session'] as const) await add({ id, status: 'skipped', summary: 'Not run: sign-in failed.' });
    await add(errorStyle);
    return skipRest('write-test', 'Not run: sign-in failed.');
  }
  const { api, method, userName } = signedIn;
  const events: ApiLogEvent[] = [];
  const stopWatching = api.addLogListener((event) => events.push(event));
  try {
    await add({
      id: 'sign-in',
      status: 'pass',
      summary: `Signed in with ${method}${userName ? ` as ${userName}` : ''}.`,
      data: { method, user: userName },
    });
    await add(tokenLifetime(api, now()));
    await add(await refreshCheck(api, variants));
    await add(await sessionCheck(api));
    await add(errorStyle);
    if (options.writeTest) {
      await add(await writeCheck(api, options, variants));
      await add(await zeroByteCheck(api, now, variants));
    } else {
      await add({ id: 'write-test', status: 'skipped', summary: 'Not run: add --write-test (the app: "Include a test upload") to try a 1-byte upload.' });
      await add({ id: 'zero-byte', status: 'skipped', summary: 'Not run: part of the write test.' });
    }
    await add(expiryAnswer(events, variants));
    return finish();
  } finally {
    stopWatching();
  }
}

function describeStyle(style: string): string {
  switch (style) {
    case 'problem-details':
      return 'ProblemDetails (title, detail)';
    case 'errors-array':
      return 'an errors list ({errors: [{code, field, message}]})';
    case 'errors-message':
      return 'a message object ({message})';
    case 'errors-string':
      return 'a bare string';
    case 'empty':
      return 'empty';
    case 'html':
      return 'a web page';
    default:
      return 'in a shape of their own';
  }
}

function tokenLifetime(api: NomadApi, at: number): CheckResult {
  const session = api.session;
  if (api.authMethod === 'api-key' || session === null) {
    return { id: 'token-lifetime', status: 'info', summary: 'An API key has no token lifetime: it works until it is revoked.', data: { seconds: null } };
  }
  const seconds = Math.round((session.expiresAt - at) / 1000);
  // Parts of a big file take minutes each on a slow link: a token that lives less than that means a refresh before nearly every call.
  const short = seconds < 300;
  return {
    id: 'token-lifetime',
    status: short ? 'warn' : 'pass',
    summary: `The access token lives ${formatSeconds(seconds)}${short ? ': short; the uploader refreshes it that often' : ''}.`,
    data: { seconds },
  };
}

function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} minutes`;
  return `${Math.round(seconds / 3600)} hours`;
}

async function refreshCheck(api: NomadApi, variants: string[]): Promise<CheckResult> {
  const session = api.session;
  if (api.authMethod === 'api-key' || session === null) return { id: 'refresh', status: 'skipped', summary: 'Not run: an API key is never refreshed.' };
  if (session.refreshToken === '') return { id: 'refresh', status: 'warn', summary: 'The sign-in gave no refresh token: the session ends when the access token expires.' };
  try {
    return rotationResult(await api.refreshNow(), variants);
  } catch (error) {
    return { id: 'refresh', status: 'fail', summary: `Refreshing the session failed: ${toUploadError(error).message}` };
  }
}

function rotationResult(rotation: 'rotated' | 'same' | 'kept-previous', variants: string[]): CheckResult {
  if (rotation === 'kept-previous') variants.push('refresh-null');
  const summary = {
    rotated: 'Refresh works and rotates the refresh token (a new one each time).',
    same: 'Refresh works and hands back the same refresh token.',
    'kept-previous': 'Refresh works and answers no new refresh token: the one in use stays valid.',
  }[rotation];
  return { id: 'refresh', status: 'pass', summary, data: { rotation } };
}

async function sessionCheck(api: NomadApi): Promise<CheckResult> {
  try {
    const status = await pingSession(api);
    if (status === null) return { id: 'session', status: 'info', summary: 'No session id to ping (API key, or the sign-in named none).' };
    return { id: 'session', status: status === 'Normal' ? 'pass' : 'warn', summary: `POST /account/ping answers ${status}.`, data: { pingStatus: status } };
  } catch (error) {
    const e = toUploadError(error);
    // Not every server has the route; uploads do not need it.
    return { id: 'session', status: 'info', summary: `POST /account/ping is not available (${e.context.status ?? e.code}).` };
  }
}

/** 401 (the spec) or 403 for an expired token: seen only when one expired during the run and a refresh fixed it. */
function expiryAnswer(events: readonly ApiLogEvent[], variants: string[]): CheckResult {
  const refusedThenFine = events.findIndex(
    (event, i) =>
      (event.status === 401 || event.status === 403) &&
      !/^POST \/account\/(login|refresh-token|logout)$/.test(event.request) &&
      events.slice(i + 1).some((later) => later.request === event.request && later.status !== null && later.status < 300),
  );
  const seen = events[refusedThenFine];
  if (seen === undefined) {
    return { id: 'expiry-answer', status: 'info', summary: 'Not observed: no token expired during the check (the uploader refreshes on 401 and 403 alike).' };
  }
  if (seen.status === 403) variants.push('api-403-expiry');
  return {
    id: 'expiry-answer',
    status: 'info',
    summary: `An expired token is answered ${seen.status}${seen.status === 403 ? ' (not the spec’s 401)' : ''}; refreshing and retrying worked.`,
    data: { status: seen.status },
  };
}

async function writeCheck(api: NomadApi, options: CheckOptions, variants: string[]): Promise<CheckResult> {
  try {
    const result = await runWriteTest(api, options.dispatcher, options.now);
    if (result.etagKind === 'not-md5') variants.push('kms-etag');
    const etag = {
      md5: 'storage answers MD5 ETags',
      'not-md5': 'storage answers ETags that are not MD5s (SSE-KMS or similar): the uploader relies on Content-MD5',
      missing: 'storage answered no ETag',
    }[result.etagKind];
    const stored = result.putStatus < 300 ? `the byte was stored (HTTP ${result.putStatus})` : `storage refused the byte (HTTP ${result.putStatus})`;
    const cancelled = result.cancelDeleted ? 'cancelled and gone' : `cancel did not delete it: discard upload ${result.uploadId} by hand (nomad-upload discard)`;
    const status: CheckStatus = result.putStatus >= 300 || result.etagKind === 'missing' ? 'fail' : result.cancelDeleted ? 'pass' : 'warn';
    return {
      id: 'write-test',
      status,
      summary: `1-byte upload to your incoming folder: ${stored}; ${etag}; ${cancelled}.`,
      data: { storageHost: result.storageHost, putStatus: result.putStatus, etagKind: result.etagKind, cancelDeleted: result.cancelDeleted, uploadId: result.uploadId },
    };
  } catch (error) {
    return { id: 'write-test', status: 'fail', summary: `The 1-byte test upload failed: ${toUploadError(error).message}` };
  }
}

async function zeroByteCheck(api: NomadApi, now: () => number, variants: string[]): Promise<CheckResult> {
  try {
    const plan = await probeZeroBytePlan(api, now);
    const variant = ZERO_BYTE_VARIANTS[plan];
    if (variant) variants.push(variant);
    const summary = {
      'one-empty-part': 'An empty file gets one part [0, -1].',
      'no-parts': 'An empty file gets no parts at all.',
      'single-part-0-0': 'An empty file gets one part [0, 0].',
      other: 'An empty file gets a plan of its own shape.',
    }[plan];
    return { id: 'zero-byte', status: plan === 'other' ? 'warn' : 'info', summary, data: { plan } };
  } catch (error) {
    return { id: 'zero-byte', status: 'warn', summary: `Starting an empty upload failed: ${toUploadError(error).message}` };
  }
}
