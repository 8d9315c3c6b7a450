// Checks made against the server before anything is changed: a sign-in that tells a wrong
// password from an address that is not a Nomad admin API, and a folder id confirmed to name
// a folder before it is saved (a bad one would fail every upload after it).

import type { Dispatcher } from 'undici';
import type { Credentials, NomadApi } from '../engine/api';
import { canHoldUploads, getAsset } from '../engine/api-assets';
import { UploadError, toUploadError } from '../engine/errors';
import { AppError } from './app-errors';
import { notNomadMessage, probeNomadApi } from './server-probe';

/** Answers to a login that a server which is not Nomad gives too (404 page, HTML, no route). */
const AMBIGUOUS_LOGIN_FAILURES = new Set(['auth-failed', 'invalid-response', 'not-found', 'bad-request']);

export async function loginOrExplain(api: NomadApi, url: string, credentials: Credentials, dispatcher?: Dispatcher): Promise<void> {
  try {
    await api.login(credentials);
  } catch (error) {
    if (!(error instanceof UploadError) || !AMBIGUOUS_LOGIN_FAILURES.has(error.code)) throw error;
    const probe = await probeNomadApi(url, dispatcher);
    if (probe.kind !== 'not-nomad' && probe.kind !== 'web-app') throw error;
    throw new AppError(
      'not-nomad-api',
      notNomadMessage(url, probe),
      {
        status: probe.status,
        request: 'GET /admin/asset/upload',
        detail: probe.contentType !== null ? `Content-Type: ${probe.contentType}` : undefined,
      },
    );
  }
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
