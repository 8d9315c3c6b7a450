// The one place an error code becomes words and a fix-it action: the failure details
// panel, row captions, toasts and forms all ask here. Codes cross IPC as strings today;
// known ones go through an exhaustive switch over their union (a new code fails to compile
// until it is worded here), unknown ones get the general help and the server's own words.

import type { RefusalReason, ResultErrorCode } from '../../../preload/contract';
import type { MessageId } from '../i18n/catalog-en';
import type { I18n } from '../i18n/i18n';

/** A code as it arrives over IPC is checked against this list before the switch trusts it. */
export type KnownErrorCode = ResultErrorCode;

const KNOWN = {
  'auth-failed': true,
  'auth-required': true,
  'account-refused': true,
  'sign-in-incomplete': true,
  network: true,
  timeout: true,
  'server-error': true,
  'rate-limited': true,
  'bad-request': true,
  'not-found': true,
  'invalid-response': true,
  'asset-exists': true,
  'folder-missing': true,
  'name-ambiguous': true,
  'language-unknown': true,
  'parent-failed': true,
  'url-expired': true,
  'urls-not-renewed': true,
  'storage-error': true,
  'storage-refused': true,
  'storage-unresponsive': true,
  'etag-mismatch': true,
  'etag-unverifiable': true,
  'file-missing': true,
  'file-changed': true,
  'file-unreadable': true,
  'not-a-file': true,
  'disk-full': true,
  'journal-error': true,
  aborted: true,
  'plan-mismatch': true,
  internal: true,
  'not-nomad-api': true,
  'folder-not-found': true,
  'not-a-folder': true,
  'signed-out': true,
  'updates-unavailable': true,
  'update-not-ready': true,
  'watch-folder-unreadable': true,
  'watch-duplicate': true,
  'profile-limit': true,
  unreachable: true,
  'invalid-payload': true,
  'unknown-command': true,
  'untrusted-sender': true,
  'bridge-failed': true,
} as const satisfies Record<KnownErrorCode, true>;

export function isKnownErrorCode(code: string): code is KnownErrorCode {
  return Object.hasOwn(KNOWN, code);
}

/** What fixes a failure: each is one button in the details panel (and on the row). */
export type FixAction =
  /** Sign in (again): the session ended or was refused. */
  | 'sign-in'
  /** Settings hold the cause (overwrite policy, address): open them. */
  | 'open-settings'
  /** The file moved or is gone: pick where it is now. */
  | 'locate-file'
  /** The destination folder is wrong: set another in Settings, then retry with it. */
  | 'choose-folder'
  /** Nothing to change here: trying again is the fix (the network, the server). */
  | 'retry';

export interface FailureHelp {
  /** What happened, in plain words. */
  reason: MessageId;
  /** What to do about it. */
  advice: MessageId;
  fix: FixAction;
}

export interface FailureContext {
  request?: string | null;
  detail?: string | null;
}

/** A refusal of the start request that names the folder: the destination is the problem. */
function blamesFolder(context: FailureContext): boolean {
  return (context.request ?? '').startsWith('POST /asset/upload/start') && /parent/i.test(context.detail ?? '');
}

export function failureHelp(code: string, context: FailureContext = {}): FailureHelp {
  if (!isKnownErrorCode(code)) return { reason: 'failure.unknown.reason', advice: 'failure.unknown.advice', fix: 'retry' };
  switch (code) {
    case 'auth-failed':
    case 'auth-required':
    case 'account-refused':
    case 'sign-in-incomplete':
    case 'signed-out':
      return { reason: 'failure.signed-out.reason', advice: 'failure.signed-out.advice', fix: 'sign-in' };
    case 'not-nomad-api':
      return { reason: 'failure.not-nomad-api.reason', advice: 'failure.not-nomad-api.advice', fix: 'sign-in' };
    case 'updates-unavailable':
    case 'update-not-ready':
      // Answers to the update commands, never a job's failure.
      return { reason: 'failure.unknown.reason', advice: 'failure.unknown.advice', fix: 'retry' };
    case 'watch-folder-unreadable':
      // Answers to the watch folder form, never a job's failure.
      return { reason: 'failure.watch-folder.reason', advice: 'failure.watch-folder.advice', fix: 'retry' };
    case 'watch-duplicate':
      return { reason: 'failure.watch-duplicate.reason', advice: 'failure.watch-duplicate.advice', fix: 'retry' };
    case 'profile-limit':
      // An answer to Add server…, never a job's failure.
      return { reason: 'failure.profile-limit.reason', advice: 'failure.profile-limit.advice', fix: 'retry' };
    case 'network':
    case 'timeout':
    case 'unreachable':
      return { reason: 'failure.network.reason', advice: 'failure.network.advice', fix: 'retry' };
    case 'server-error':
    case 'rate-limited':
    case 'storage-error':
      return { reason: 'failure.server-error.reason', advice: 'failure.server-error.advice', fix: 'retry' };
    case 'bad-request':
      return blamesFolder(context)
        ? { reason: 'failure.folder.reason', advice: 'failure.folder.advice', fix: 'choose-folder' }
        : { reason: 'failure.bad-request.reason', advice: 'failure.bad-request.advice', fix: 'retry' };
    case 'not-found':
      return (context.request ?? '').startsWith('POST /asset/upload/start')
        ? { reason: 'failure.folder.reason', advice: 'failure.folder.advice', fix: 'choose-folder' }
        : { reason: 'failure.not-found.reason', advice: 'failure.not-found.advice', fix: 'retry' };
    case 'folder-not-found':
    case 'not-a-folder':
    case 'folder-missing':
    case 'name-ambiguous':
      return { reason: 'failure.folder.reason', advice: 'failure.folder.advice', fix: 'choose-folder' };
    case 'language-unknown':
      return { reason: 'failure.language-unknown.reason', advice: 'failure.language-unknown.advice', fix: 'open-settings' };
    case 'parent-failed':
      return { reason: 'failure.parent-failed.reason', advice: 'failure.parent-failed.advice', fix: 'retry' };
    case 'asset-exists':
      return { reason: 'failure.asset-exists.reason', advice: 'failure.asset-exists.advice', fix: 'open-settings' };
    case 'url-expired':
    case 'urls-not-renewed':
    case 'storage-refused':
      return { reason: 'failure.storage-refused.reason', advice: 'failure.storage-refused.advice', fix: 'retry' };
    case 'storage-unresponsive':
      return { reason: 'failure.storage-unresponsive.reason', advice: 'failure.storage-unresponsive.advice', fix: 'retry' };
    case 'etag-mismatch':
    case 'etag-unverifiable':
    case 'plan-mismatch':
    case 'invalid-response':
      return { reason: 'failure.protocol.reason', advice: 'failure.protocol.advice', fix: 'retry' };
    case 'file-missing':
      return { reason: 'failure.file-missing.reason', advice: 'failure.file-missing.advice', fix: 'locate-file' };
    case 'file-unreadable':
    case 'not-a-file':
      return { reason: 'failure.file-unreadable.reason', advice: 'failure.file-unreadable.advice', fix: 'locate-file' };
    case 'file-changed':
      return { reason: 'failure.file-changed.reason', advice: 'failure.file-changed.advice', fix: 'retry' };
    case 'disk-full':
    case 'journal-error':
      return { reason: 'failure.disk-full.reason', advice: 'failure.disk-full.advice', fix: 'retry' };
    case 'aborted':
    case 'internal':
    case 'invalid-payload':
    case 'unknown-command':
    case 'untrusted-sender':
    case 'bridge-failed':
      return { reason: 'failure.internal.reason', advice: 'failure.internal.advice', fix: 'retry' };
  }
}

/** The button that carries out a fix. */
export function fixLabel(fix: FixAction): MessageId {
  switch (fix) {
    case 'sign-in':
      return 'fix.sign-in';
    case 'open-settings':
      return 'fix.open-settings';
    case 'locate-file':
      return 'fix.locate-file';
    case 'choose-folder':
      return 'fix.choose-folder';
    case 'retry':
      return 'fix.retry';
  }
}

/**
 * One sentence for an error in the window's language. Main words its errors in English,
 * with the specifics (which file, which request): in English that sentence is the best
 * there is. In another language a known code gets our words (the specifics stay in the
 * failure details); an unknown one keeps main's sentence, since it is all we know.
 */
export function errorText(
  i18n: Pick<I18n, 't' | 'locale'>,
  error: { code: string; message: string; request?: string | null; detail?: string | null; refusal?: RefusalReason },
): string {
  if (i18n.locale === 'en' || !isKnownErrorCode(error.code)) return error.message;
  // A refused sign-in says why (disabled, expired, awaiting approval…), the server's words after it.
  if (error.refusal !== undefined) {
    const sentence = i18n.t(REFUSAL_MESSAGES[error.refusal]);
    return error.detail ? `${sentence} ${i18n.t('signin.refused.said', { detail: error.detail })}` : sentence;
  }
  return i18n.t(failureHelp(error.code, error).reason);
}

const REFUSAL_MESSAGES: Record<RefusalReason, MessageId> = {
  'wrong-password': 'signin.wrong-password',
  'wrong-code': 'signin.code.wrong',
  'new-password-rejected': 'signin.refused.new-password-rejected',
  disabled: 'signin.refused.disabled',
  expired: 'signin.refused.expired',
  'pending-invitation': 'signin.refused.pending-invitation',
  'pending-approval': 'signin.refused.pending-approval',
  'pending-signup': 'signin.refused.pending-signup',
  forbidden: 'signin.refused.forbidden',
};
