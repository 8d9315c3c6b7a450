import { z } from 'zod';
import { empty, json, problem, type ApiRoute } from './api-route';
import type { AuthService } from './auth';
import { isUuid } from './ids';
import { badRequest, notFound } from './problem';
import type { StatsCounter } from './stats';

export interface AccountRouteDeps {
  auth: AuthService;
  stats: StatsCounter;
  /** Makes auth changes durable before answering. */
  commit: () => Promise<void>;
}

const loginSchema = z.object({ userName: z.string().min(1), password: z.string().min(1) });
const refreshSchema = z.object({ refreshToken: z.string().min(1) });
const logoutSchema = z.object({ userSessionId: z.string().refine(isUuid, 'must be a UUID').nullish() });

/** Sign-in and sessions: /account/*. */
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
          if (!parsed.success) return problem(badRequest('userName and password are required'));
          const grant = auth.login(parsed.data.userName, parsed.data.password);
          // The spec: "Returns 404 if authentication fails or the user cannot be found."
          if (grant.kind === 'refused') return problem(notFound('Authentication failed: unknown user or wrong password'));
          await commit();
          stats.increment('logins');
          return json(grant.response);
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
          if (!auth.logout(principal, parsed.data.userSessionId ?? null)) return problem(notFound('No such session of this user'));
          await commit();
          return empty;
        },
      },
  ];
}
