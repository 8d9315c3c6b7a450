// Checks made against the server before anything is changed: a sign-in that tells a wrong
// password from an address that is not a Nomad admin API, and a folder id confirmed to name
// a folder before it is saved (a bad one would fail every upload after it).

import type { Dispatcher } from 'undici';
import type { Credentials, NomadApi, SignInStep } from '../engine/api';
import { stepError } from '../engine/auth-outcome';
import { canHoldUploads, getAsset } from '../engine/api-assets';
import { UploadError, toUploadError } from '../engine/errors';
import { AppError } from './app-errors';
import { notNomadMessage, probeNomadApi } from './server-probe';

/** Answers to a login that a server which is not Nomad gives too (404 page, HTML, no route). */
const AMBIGUOUS_LOGIN_FAILURES = new Set(['auth-failed', 'invalid-response', 'not-found', 'bad-request']);

export async function loginOrExplain(api: NomadApi, url: string, credentials: Credentials, dispatcher?: Dispatcher): Promise<void> {
  const step = await signInOrExplain(api, url, credentials, dispatcher);
  if (step.kind !== 'signed-in') throw stepError(step);
}

/**
 * One login attempt for the app: signed in, or the step the server asks for next (a
 * two-factor code or setup, a new password). Refusals are thrown with their own words; a
 * refusal that any web server would give too is checked against the address first.
 */
export async function signInOrExplain(api: NomadApi, url: string, credentials: Credentials, dispatcher?: Dispatcher): Promise<Exclude<SignInStep, { kind: 'refused' }>> {
  let step: SignInStep;
  try {
    step = await api.signIn(credentials);
  } catch (error) {
    if (!(error instanceof UploadError) || !AMBIGUOUS_LOGIN_FAILURES.has(error.code)) throw error;
    throw await explainAddress(url, dispatcher, error);
  }
  if (step.kind !== 'refused') return step;
  // A wrong password is also what a server without Nomad's login route seems to say (404).
  if (step.reason === 'wrong-password') throw await explainAddress(url, dispatcher, stepError(step));
  throw stepError(step);
}

async function explainAddress(url: string, dispatcher: Dispatcher | undefined, error: Error): Promise<Error> {
  const probe = await probeNomadApi(url, dispatcher);
  if (probe.kind !== 'not-nomad' && probe.kind !== 'web-app') return error;
  return new AppError('not-nomad-api', notNomadMessage(url, probe), {
    status: probe.status,
    request: 'GET /admin/asset/upload',
    detail: probe.contentType !== null ? `Content-Type: ${probe.contentType}` : undefined,
  });
}

export async function checkFolder(api: NomadApi, id: string): Promise<void> {
  let asset;
  try {
    asset = await getAsset(api, id);
  } catch (error) {
    const e = toUploadError(error);
    // 404: no such asset; 400: the server refused the id itself ("must be a UUID").
    if (e.code !== 'not-found' && e.code !== 'bad-request') throw error;
    throw new AppError('folder-not-found', `The server has no folder with the id "${id}".`, {
      detail: e.context.detail,
      status: e.context.status,
      request: e.context.request,
    });
  }
  if (!canHoldUploads(asset)) {
    throw new AppError('not-a-folder', `"${asset.displayName ?? id}" is a file, not a folder: uploads cannot go into it.`, {
      request: 'GET /admin/asset/{id}',
    });
  }
}
