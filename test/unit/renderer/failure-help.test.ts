// From an error code to words and the action that fixes it: what the failure details, the
// row captions and error toasts all show.

import { describe, expect, it } from 'vitest';
import { i18nFor } from '../../../renderer/src/i18n/i18n';
import { errorText, failureHelp, fixLabel, isKnownErrorCode } from '../../../renderer/src/model/failure-help';
import { errorAction } from '../../../renderer/src/hooks/use-command';

describe('failure help', () => {
  it('offers the fix each kind of failure needs', () => {
    expect(failureHelp('auth-required').fix).toBe('sign-in');
    expect(failureHelp('auth-failed').fix).toBe('sign-in');
    expect(failureHelp('signed-out').fix).toBe('sign-in');
    expect(failureHelp('file-missing').fix).toBe('locate-file');
    expect(failureHelp('not-a-file').fix).toBe('locate-file');
    expect(failureHelp('folder-not-found').fix).toBe('choose-folder');
    expect(failureHelp('asset-exists').fix).toBe('open-settings');
    expect(failureHelp('network').fix).toBe('retry');
    expect(failureHelp('server-error').fix).toBe('retry');
  });

  it('blames the folder when the server refused the start because of the parent id', () => {
    const parentRefused = { request: 'POST /asset/upload/start', detail: 'parentId: must be a UUID' };
    expect(failureHelp('bad-request', parentRefused)).toEqual({ reason: 'failure.folder.reason', advice: 'failure.folder.advice', fix: 'choose-folder' });
    expect(failureHelp('not-found', { request: 'POST /asset/upload/start' }).fix).toBe('choose-folder');
    // Any other refusal is the server's business: read what it said, retry once fixed.
    expect(failureHelp('bad-request', { request: 'POST /asset/upload/start', detail: 'contentLength: too large' }).fix).toBe('retry');
    expect(failureHelp('not-found', { request: 'GET /admin/asset/upload/{id}' }).fix).toBe('retry');
  });

  it('gives an unknown code (today codes cross IPC as strings) the general help', () => {
    expect(isKnownErrorCode('quota-exceeded')).toBe(false);
    expect(failureHelp('quota-exceeded')).toEqual({ reason: 'failure.unknown.reason', advice: 'failure.unknown.advice', fix: 'retry' });
  });

  it('says in German why an account may not sign in, with the server’s own words after it', () => {
    const disabled = { code: 'account-refused', message: 'This account is disabled. Ask your Nomad administrator to enable it.', refusal: 'disabled' as const };
    expect(errorText(i18nFor('en'), disabled)).toBe(disabled.message);
    expect(errorText(i18nFor('de'), disabled)).toBe('Dieses Konto ist deaktiviert. Bitten Sie Ihre Nomad-Administration, es zu aktivieren.');
    expect(errorText(i18nFor('de'), { ...disabled, refusal: 'pending-approval', detail: 'Awaiting approval' })).toBe(
      'Dieses Konto wartet auf die Freigabe durch die Administration. Versuchen Sie es nach der Freigabe erneut. Der Server sagte: Awaiting approval',
    );
  });

  it('words errors in the window’s language, keeping main’s specific sentence in English', () => {
    const error = { code: 'file-missing', message: 'a.mov does not exist.' };
    expect(errorText(i18nFor('en'), error)).toBe('a.mov does not exist.');
    expect(errorText(i18nFor('de'), error)).toBe('Die Datei liegt nicht mehr dort, wo sie beim Hinzufügen lag.');
    // Unknown to us: main's words are all there is.
    expect(errorText(i18nFor('de'), { code: 'quota-exceeded', message: 'Over quota.' })).toBe('Over quota.');
    expect(i18nFor('de').t(fixLabel('locate-file'))).toBe('Datei suchen…');
  });

  it('turns a command’s error into the toast action that fixes it, or the way to its file', () => {
    expect(errorAction({ code: 'signed-out', message: '', retryable: false })).toEqual({ kind: 'sign-in' });
    expect(errorAction({ code: 'folder-not-found', message: '', retryable: false })).toEqual({ kind: 'open-settings' });
    expect(errorAction({ code: 'server-error', message: '', retryable: true }, 'job-7')).toEqual({ kind: 'show-job', id: 'job-7' });
    expect(errorAction({ code: 'server-error', message: '', retryable: true })).toBeUndefined();
  });
});
