import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { qrLikePng } from './png-image';
import type { SandboxState } from './state-store';

/**
 * How an account signs in. Nomad's LoginResponseStatuses and the login route's description
 * name these states: two-factor (setup or code), a new password required, and accounts that
 * are refused with 403 (disabled, expired, pending invitation, pending approval).
 */
export type AccountKind =
  | 'plain'
  | 'two-factor'
  | 'two-factor-setup'
  | 'new-password'
  | 'disabled'
  | 'expired'
  | 'pending-invitation'
  | 'pending-approval';

export interface AccountSpec {
  userName: string;
  password: string;
  kind: AccountKind;
  /** `Authorization: ApiKey <key>` signs in as this account, without a session. */
  apiKeys?: string[];
}

/** The code every two-factor account of the sandbox accepts. */
export const SANDBOX_TWO_FACTOR_CODE = '123456';
/** The manual-entry secret shown during two-factor setup (base32, as authenticator apps take it). */
export const SANDBOX_TWO_FACTOR_SECRET = 'JBSWY3DPEHPK3PXPNOMADSBX';
/** A new password must be at least this long (the sandbox's rule; Nomad's policy is not in the spec). */
const MIN_NEW_PASSWORD_LENGTH = 8;

/** The accounts a sandbox has when no users are given (README, "The local sandbox"). */
export const BUILT_IN_ACCOUNTS: readonly AccountSpec[] = [
  { userName: 'demo', password: 'demo', kind: 'plain', apiKeys: ['demo-api-key'] },
  { userName: 'mfa', password: 'mfa', kind: 'two-factor' },
  { userName: 'mfa-setup', password: 'mfa-setup', kind: 'two-factor-setup' },
  { userName: 'newpass', password: 'newpass', kind: 'new-password' },
  { userName: 'disabled', password: 'disabled', kind: 'disabled' },
  { userName: 'expired', password: 'expired', kind: 'expired' },
  { userName: 'invited', password: 'invited', kind: 'pending-invitation' },
  { userName: 'approval', password: 'approval', kind: 'pending-approval' },
];

export interface LoginAttempt {
  userName: string;
  password: string;
  /** LoginRequestModel.token: the two-factor code. */
  token: string | null;
  newPassword: string | null;
}

export type LoginDecision =
  | { kind: 'granted' }
  /** 200 with null tokens and this loginStatus (and, for setup, the QR code and manual code). */
  | { kind: 'step'; loginStatus: 'TwoFactorCodeRequired' | 'TwoFactorSetupRequired' | 'IsPendingNewPassword'; extra: Record<string, string> }
  /** 403: the account exists but may not sign in. */
  | { kind: 'forbidden'; loginStatus: 'IsDisabled' | 'IsExpired' | 'IsPendingInvitation' | null; detail: string }
  /** 400: the attempt is malformed for this account (a new password that breaks the rule). */
  | { kind: 'invalid'; field: string; detail: string }
  /** 404 (the spec's answer to failed authentication); `detail` says what failed. */
  | { kind: 'refused'; detail: string };

const REFUSED_DETAIL = 'Authentication failed: unknown user or wrong password';

/** The account table: who exists, how each signs in, passwords changed at sign-in (kept in the state, as digests). */
export class Accounts {
  readonly #state: SandboxState;
  readonly #byName: ReadonlyMap<string, AccountSpec>;
  readonly #byApiKey: ReadonlyMap<string, string>;

  constructor(state: SandboxState, accounts: readonly AccountSpec[]) {
    this.#state = state;
    this.#byName = new Map(accounts.map((account) => [account.userName, account]));
    this.#byApiKey = new Map(accounts.flatMap((account) => (account.apiKeys ?? []).map((key) => [key, account.userName] as const)));
  }

  /** Plain accounts from a name → password map (the `users` option). */
  static plain(users: Record<string, string>): AccountSpec[] {
    return Object.entries(users).map(([userName, password]) => ({ userName, password, kind: 'plain' }));
  }

  exists(userName: string): boolean {
    return this.#byName.has(userName);
  }

  /** May this account hold a session now (a disabled account's sessions stop working)? */
  active(userName: string): boolean {
    const kind = this.#byName.get(userName)?.kind;
    return kind !== undefined && !['disabled', 'expired', 'pending-invitation', 'pending-approval'].includes(kind);
  }

  userNameForApiKey(key: string): string | null {
    return this.#byApiKey.get(key) ?? null;
  }

  decide(attempt: LoginAttempt): LoginDecision {
    const account = this.#byName.get(attempt.userName);
    // Unknown user and wrong password alike (404), so neither is revealed.
    if (!account || !this.#passwordMatches(account, attempt.password)) return { kind: 'refused', detail: REFUSED_DETAIL };
    switch (account.kind) {
      case 'plain':
        return { kind: 'granted' };
      case 'disabled':
        return { kind: 'forbidden', loginStatus: 'IsDisabled', detail: `The account "${account.userName}" is disabled` };
      case 'expired':
        return { kind: 'forbidden', loginStatus: 'IsExpired', detail: `The account "${account.userName}" has expired` };
      case 'pending-invitation':
        return { kind: 'forbidden', loginStatus: 'IsPendingInvitation', detail: `The account "${account.userName}" has a pending invitation: complete it first` };
      case 'pending-approval':
        // The route's description names PendingApproval, LoginResponseStatuses has no value for it.
        return { kind: 'forbidden', loginStatus: null, detail: `The account "${account.userName}" is pending approval by an administrator` };
      case 'two-factor':
      case 'two-factor-setup': {
        if (attempt.token === null || attempt.token === '') {
          return account.kind === 'two-factor'
            ? { kind: 'step', loginStatus: 'TwoFactorCodeRequired', extra: {} }
            : {
                kind: 'step',
                loginStatus: 'TwoFactorSetupRequired',
                extra: { twoFactorQRCodeImage: qrLikePng(`otpauth://totp/Nomad%20sandbox:${account.userName}?secret=${SANDBOX_TWO_FACTOR_SECRET}`).toString('base64'), twoFactorQRCode: SANDBOX_TWO_FACTOR_SECRET },
              };
        }
        if (attempt.token.trim() !== SANDBOX_TWO_FACTOR_CODE) return { kind: 'refused', detail: 'Authentication failed: the two-factor code is wrong or has expired' };
        return { kind: 'granted' };
      }
      case 'new-password': {
        if (this.#state.passwordOf(account.userName) !== undefined) return { kind: 'granted' };
        if (attempt.newPassword === null || attempt.newPassword === '') return { kind: 'step', loginStatus: 'IsPendingNewPassword', extra: {} };
        if (attempt.newPassword.length < MIN_NEW_PASSWORD_LENGTH) {
          return { kind: 'invalid', field: 'newPassword', detail: `newPassword must be at least ${MIN_NEW_PASSWORD_LENGTH} characters` };
        }
        if (attempt.newPassword === attempt.password) return { kind: 'invalid', field: 'newPassword', detail: 'newPassword must differ from the current password' };
        const salt = randomBytes(16).toString('hex');
        this.#state.setPassword({ userName: account.userName, salt, digest: passwordDigest(salt, attempt.newPassword) });
        return { kind: 'granted' };
      }
    }
  }

  #passwordMatches(account: AccountSpec, password: string): boolean {
    const changed = this.#state.passwordOf(account.userName);
    if (!changed) return password === account.password;
    const expected = Buffer.from(changed.digest, 'hex');
    const actual = Buffer.from(passwordDigest(changed.salt, password), 'hex');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}

/** Changed passwords are kept only as salted digests: the state file never holds one. */
function passwordDigest(salt: string, password: string): string {
  return createHash('sha256').update(`${salt}:${password}`).digest('hex');
}
