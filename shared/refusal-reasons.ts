// Why a server refuses to sign an account in, as the engine tells it from the server's answer
// (auth-outcome.ts) and as the window words it in each language. Node-free: the renderer's
// program imports it through the contract.

export const REFUSAL_REASONS = [
  'wrong-password',
  'wrong-code',
  'new-password-rejected',
  'disabled',
  'expired',
  'pending-invitation',
  'pending-approval',
  'pending-signup',
  'forbidden',
] as const;

export type RefusalReason = (typeof REFUSAL_REASONS)[number];
