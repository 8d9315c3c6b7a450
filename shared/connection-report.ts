// What Test connection (the app) and \`nomad-upload doctor\` (the CLI) report about a server, check by
// check. In shared/ so the contract and the renderer have it without the checks' HTTP code;
// main/app-core/connection-checks.ts runs the checks and re-exports these.

export const CHECK_IDS = ['reachable', 'admin-api', 'sign-in', 'token-lifetime', 'refresh', 'session', 'error-style', 'write-test', 'zero-byte', 'expiry-answer'] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** pass: fine; warn: works, with a caveat; fail: the uploader will not work; info: a fact; skipped: not run (and why). */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'info' | 'skipped';

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  summary: string;
  data?: Record<string, string | number | boolean | null>;
}

export interface ConnectionReport {
  /** The admin API base the checks used (no credentials, no query). */
  apiBase: string;
  checks: CheckResult[];
  /** Sandbox variants whose behaviour the server showed ([] = the sandbox's defaults, or nothing detectable). */
  variants: string[];
  ok: boolean;
}
