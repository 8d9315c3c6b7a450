// What a Nomad login answered, as data. A login is not just "tokens or an error": the
// server may want a second factor, a two-factor setup, a new password, or refuse an account
// that exists but may not sign in (disabled, expired, pending). Each is a state of its own,
// with the data the next step needs, so the CLI and the app can ask for exactly that.

import { z } from 'zod';
import { UploadError } from './errors';
import { LOGIN_RESPONSE_STATUSES, type LoginResponseStatus } from './protocol';
import type { RefusalReason } from '../../shared/refusal-reasons';

/**
 * LoginResponseModel as servers send it: tokens are null while a further step is needed
 * (`loginStatus` says which). Unknown statuses are kept as strings and refused clearly.
 */
export const loginAnswerSchema = z.object({
  token: z.string().min(1).nullable().optional(),
  refreshToken: z.string().min(1).nullable().optional(),
  expirationSeconds: z.number().nonnegative().nullable().optional(),
  loginStatus: z.string().nullable().optional(),
  userName: z.string().nullable().optional(),
  userSessionId: z.string().nullable().optional(),
  twoFactorQRCodeImage: z.string().nullable().optional(),
  twoFactorQRCode: z.string().nullable().optional(),
});

export type LoginAnswer = z.infer<typeof loginAnswerSchema>;

/** Why the server will not sign this account in now. */
export { REFUSAL_REASONS, type RefusalReason } from '../../shared/refusal-reasons';

/** Tokens of a granted login, before the client turns them into its session. */
export interface GrantedTokens {
  token: string;
  refreshToken: string | null;
  expirationSeconds: number | null;
  userName: string | null;
  userSessionId: string | null;
}

export type LoginStep =
  | { kind: 'signed-in'; tokens: GrantedTokens }
  /** TwoFactorCodeRequired: log in again with LoginRequestModel.token = the code. */
  | { kind: 'needs-code' }
  /** TwoFactorSetupRequired: show the QR code (base64 PNG) and the manual code, then ask for the first code. */
  | { kind: 'needs-setup'; qrImage: string | null; manualCode: string | null }
  /** IsPendingNewPassword: log in again with newPassword. */
  | { kind: 'needs-new-password' }
  /** `status`: the HTTP status of the refusal (null: a 200 whose loginStatus refused). */
  | { kind: 'refused'; reason: RefusalReason; detail: string | null; status?: number };

const STATUS_REASONS: Partial<Record<LoginResponseStatus, RefusalReason>> = {
  IsDisabled: 'disabled',
  IsExpired: 'expired',
  IsPendingInvitation: 'pending-invitation',
  IsPendingEmailConfirmation: 'pending-signup',
  IsPendingNewAccountSignup: 'pending-signup',
  IsPendingAccountMigrationSignup: 'pending-signup',
};

const isStatus = (value: string): value is LoginResponseStatus => (LOGIN_RESPONSE_STATUSES as readonly string[]).includes(value);

/** A 200 answer to `POST /account/login`. */
export function stepFromAnswer(answer: LoginAnswer, context: { request: string; status: number }): LoginStep {
  const status = answer.loginStatus ?? null;
  // Tokens win: some servers echo a status next to a granted session.
  if (answer.token) {
    return {
      kind: 'signed-in',
      tokens: {
        token: answer.token,
        refreshToken: answer.refreshToken ?? null,
        expirationSeconds: answer.expirationSeconds ?? null,
        userName: answer.userName ?? null,
        userSessionId: answer.userSessionId ?? null,
      },
    };
  }
  if (status === null || !isStatus(status)) {
    throw new UploadError(
      'invalid-response',
      status === null
        ? `The server's answer to ${context.request} has no token and does not say why.`
        : `The server's answer to ${context.request} asks for a step this app does not know ("${status}").`,
      context,
    );
  }
  switch (status) {
    case 'TwoFactorCodeRequired':
      return { kind: 'needs-code' };
    case 'TwoFactorSetupRequired':
      return { kind: 'needs-setup', qrImage: answer.twoFactorQRCodeImage ?? null, manualCode: answer.twoFactorQRCode ?? null };
    case 'IsPendingNewPassword':
      return { kind: 'needs-new-password' };
    default:
      return { kind: 'refused', reason: STATUS_REASONS[status] ?? 'forbidden', detail: null };
  }
}

// The route's description: "Returns 403 if the user account is Disabled, Expired,
// PendingInvitation, or PendingApproval". The spec gives no body for it, so the server's
// words (any error body style) are read for which one.
const FORBIDDEN_PATTERNS: ReadonlyArray<[RegExp, RefusalReason]> = [
  [/disabled/i, 'disabled'],
  [/expired/i, 'expired'],
  [/invit/i, 'pending-invitation'],
  [/approv/i, 'pending-approval'],
];

/** A refused `POST /account/login` (a thrown UploadError with a status) as the step it means. */
export function stepFromRefusal(error: UploadError, attempt: { token?: string | null; newPassword?: string | null }): LoginStep | null {
  const status = error.context.status;
  const detail = error.context.detail ?? null;
  if (status === 403) {
    const match = FORBIDDEN_PATTERNS.find(([pattern]) => detail !== null && pattern.test(detail));
    return { kind: 'refused', reason: match?.[1] ?? 'forbidden', detail, status };
  }
  if (status === 400 && attempt.newPassword) return { kind: 'refused', reason: 'new-password-rejected', detail, status };
  // 404 is the spec's "authentication failed"; with a code sent, the code is what failed.
  if (status === 404 || status === 401 || status === 400) {
    return { kind: 'refused', reason: attempt.token ? 'wrong-code' : 'wrong-password', detail, status };
  }
  return null;
}

/** One sentence per refusal, naming what the person can do about it. */
export function refusalMessage(reason: RefusalReason, detail: string | null): string {
  const said = detail ? ` The server said: ${detail}` : '';
  switch (reason) {
    case 'wrong-password':
      return 'Wrong user name or password.';
    case 'wrong-code':
      return 'The two-factor code was refused: it is wrong or has expired. Enter the current code from your authenticator app.';
    case 'new-password-rejected':
      return `The server did not accept the new password.${said || ' Choose another one.'}`;
    case 'disabled':
      return `This account is disabled. Ask your Nomad administrator to enable it.${said}`;
    case 'expired':
      return `This account has expired. Ask your Nomad administrator to extend it.${said}`;
    case 'pending-invitation':
      return `This account's invitation is not accepted yet: open the invitation e-mail and finish it first.${said}`;
    case 'pending-approval':
      return `This account is waiting for an administrator's approval. Try again once it is approved.${said}`;
    case 'pending-signup':
      return `This account's sign-up is not finished (e-mail confirmation or sign-up pending). Finish it in the Nomad web app first.${said}`;
    case 'forbidden':
      return `The server refused to sign this account in (403).${said}`;
  }
}

/** Steps that need the person, as the error thrown where nobody can be asked (a refresh that falls back to a login). */
export function stepError(step: Exclude<LoginStep, { kind: 'signed-in' }>, request = 'POST /account/login'): UploadError {
  switch (step.kind) {
    case 'needs-code':
    case 'needs-setup':
      return new UploadError('sign-in-incomplete', 'The server asks for a two-factor code: sign in again and enter it.', { request });
    case 'needs-new-password':
      return new UploadError('sign-in-incomplete', 'The server asks for a new password for this account: sign in again and set one.', { request });
    case 'refused':
      return new UploadError(
        step.reason === 'wrong-password' || step.reason === 'wrong-code' || step.reason === 'new-password-rejected' ? 'auth-failed' : 'account-refused',
        refusalMessage(step.reason, step.detail),
        { request, refusal: step.reason, ...(step.status !== undefined ? { status: step.status } : {}), ...(step.detail ? { detail: step.detail } : {}) },
      );
  }
}
