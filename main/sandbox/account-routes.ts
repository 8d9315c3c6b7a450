import { z } from 'zod';
import type { PingResponse, UserProfile } from '../engine/protocol';
import { empty, json, problem, type ApiRoute } from './api-route';
import type { AuthService } from './auth';
import { isUuid, userIdFor } from './ids';
import { badRequest, forbidden, notFound } from './problem';
import type { StatsCounter } from './stats';

export interface AccountRouteDeps {
  auth: AuthService;
  stats: StatsCounter;
  /** Makes auth changes durable before answering. */
  commit: () => Promise<void>;
}

const uuid = z.string().refine(isUuid, 'must be a UUID');
const loginSchema = z.object({
  userName: z.string().min(1),
  password: z.string().min(1),
  token: z.string().nullish(),
  newPassword: z.string().nullish(),
  applicationId: uuid.nullish(),
});
const refreshSchema = z.object({ refreshToken: z.string().min(1) });
const logoutSchema = z.object({ userSessionId: uuid.nullish(), applicationId: uuid.nullish() });
const pingSchema = z.object({ userSessionId: uuid, applicationId: uuid.nullish() });

/** Sign-in and sessions: /account/*, and the authenticated health check /ping/auth. */
export function accountRoutes({ auth, stats, commit }: AccountRouteDeps): ApiRoute[] {
  return [
    {
      method: 'POST',
      pattern: '/api/account/login',
      auth: false,
      body: 'json',
      fault: 'login',
      handle: async ({ body }) => {
        const parsed = loginSchema.safeParse(body);
        if (!parsed.success) {
          const field = String(parsed.error.issues[0]?.path[0] ?? 'userName');
          return problem({ ...badRequest(field === 'applicationId' ? 'applicationId must be a UUID' : 'userName and password are required'), field });
        }
        const { userName, password, token, newPassword, applicationId } = parsed.data;
        const outcome = auth.login({ userName, password, token: token ?? null, newPassword: newPassword ?? null, applicationId: applicationId ?? null });
        switch (outcome.kind) {
          case 'refused':
            // The spec: "Returns 404 if authentication fails or the user cannot be found."
            return problem(notFound(outcome.detail));
          case 'forbidden':
            // "Returns 403 if the user account is Disabled, Expired, PendingInvitation, or PendingApproval."
            return problem({ ...forbidden(outcome.detail), ...(outcome.loginStatus ? { extensions: { loginStatus: outcome.loginStatus } } : {}) });
          case 'invalid':
            return problem({ ...badRequest(outcome.detail), field: outcome.field });
          case 'step':
            await commit();
            return json(outcome.response);
          case 'ok':
            await commit();
            stats.increment('logins');
            return json(outcome.response);
        }
      },
    },
    {
      method: 'POST',
      pattern: '/api/account/refresh-token',
      auth: false,
      body: 'json',
      fault: 'refresh-token',
      handle: async ({ body }) => {
        const parsed = refreshSchema.safeParse(body);
        if (!parsed.success) return problem(badRequest('refreshToken is required'));
        const grant = auth.refresh(parsed.data.refreshToken);
        if (grant.kind === 'refused') return problem(notFound('The refresh token is invalid, already used or expired'));
        await commit();
        stats.increment('refreshes');
        return json(grant.response);
      },
    },
    {
      method: 'POST',
      pattern: '/api/account/logout',
      auth: true,
      body: 'optional',
      handle: async ({ body }, principal) => {
        const parsed = logoutSchema.safeParse(body ?? {});
        if (!parsed.success) return problem(badRequest('userSessionId must be a UUID'));
        const sessionId = parsed.data.userSessionId ?? null;
        if (principal.sessionId === null && sessionId === null) return problem(badRequest('An API key has no session to end: name one with userSessionId'));
        if (!auth.logout(principal, sessionId)) return problem(notFound('No such session of this user'));
        await commit();
        return empty;
      },
    },
    {
      method: 'POST',
      pattern: '/api/account/ping',
      auth: true,
      body: 'json',
      handle: async ({ body }, principal) => {
        const parsed = pingSchema.safeParse(body);
        if (!parsed.success) return problem({ ...badRequest('userSessionId (a UUID) is required'), field: 'userSessionId' });
        const pingStatus = auth.ping(principal, parsed.data.userSessionId);
        await commit();
        const answer: PingResponse = { redirectUrl: null, pingStatus };
        return json(answer);
      },
    },
    {
      method: 'GET',
      pattern: '/api/account/user',
      auth: true,
      body: 'ignored',
      handle: async (_input, principal) => {
        // The sandbox knows only user names; Nomad's user names are e-mail addresses, so the name doubles as one.
        const profile: UserProfile = {
          id: userIdFor(principal.userName),
          email: principal.userName.includes('@') ? principal.userName : null,
          firstName: principal.userName,
          lastName: null,
          isAdmin: false,
        };
        return json({ ...profile, properties: {} });
      },
    },
    {
      method: 'GET',
      pattern: '/api/ping/auth',
      auth: true,
      body: 'ignored',
      handle: async () => json('Pong Auth'),
    },
  ];
}
