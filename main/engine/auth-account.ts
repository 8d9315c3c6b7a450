// The signed-in account's own routes: who am I (`GET /account/user`) and is my session alive
// (`POST /account/ping` with the userSessionId the login answered).

import { z } from 'zod';
import type { NomadApi } from './api';
import type { PingResponse } from './protocol';

const userSchema = z
  .object({
    id: z.string().min(1),
    email: z.string().nullable().optional(),
    firstName: z.string().nullable().optional(),
    lastName: z.string().nullable().optional(),
    userName: z.string().nullable().optional(),
  })
  .passthrough();

const pingSchema = z.object({
  redirectUrl: z.string().nullable().optional(),
  pingStatus: z.string(),
});

export interface AccountProfile {
  id: string;
  /** What to call the account: its e-mail (Nomad's user names are e-mail addresses), else its name. */
  displayName: string;
}

export async function fetchProfile(api: NomadApi, signal?: AbortSignal): Promise<AccountProfile> {
  const user = await api.send('GET', '/account/user', { route: 'GET /account/user', schema: userSchema, signal });
  const name = [user.firstName, user.lastName].filter((part): part is string => typeof part === 'string' && part !== '').join(' ');
  return { id: user.id, displayName: user.email || user.userName || name || user.id };
}

export type PingStatus = PingResponse['pingStatus'] | 'unknown';

/** `POST /account/ping`: whether the server still holds this session (null without a userSessionId, e.g. an API key). */
export async function pingSession(api: NomadApi, signal?: AbortSignal): Promise<PingStatus | null> {
  const userSessionId = api.session?.userSessionId ?? null;
  if (api.authMethod === 'api-key' || userSessionId === null) return null;
  const answer = await api.send('POST', '/account/ping', {
    route: 'POST /account/ping',
    body: { userSessionId, ...(api.applicationId ? { applicationId: api.applicationId } : {}) },
    schema: pingSchema,
    signal,
  });
  const known = ['Normal', 'ChatDisabled', 'AccountExpired', 'SessionDeactivated'] as const;
  return (known as readonly string[]).includes(answer.pingStatus) ? (answer.pingStatus as PingStatus) : 'unknown';
}
