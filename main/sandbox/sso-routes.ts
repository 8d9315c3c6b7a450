import type { ApiReply, ApiRoute } from './api-route';
import type { AuthService } from './auth';
import { badRequest, notFound } from './problem';

export interface SsoRouteDeps {
  auth: AuthService;
  commit: () => Promise<void>;
  /** The sandbox's public base (publicUrl or the listen origin), for its own callback page. */
  publicBase: () => string;
}

/** The one SSO provider the sandbox has; its page signs in this account. */
export const SANDBOX_SSO_PROVIDER = 'sandbox';
const SSO_ACCOUNT = 'demo';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Nomad's web sign-in as the sandbox reads it: `/auth/{provider}/login` is the provider's page,
 * which on success redirects to the callback with the tokens in the query, named as Nomad's
 * Python SDK reads them (`azurePortal_token`, `azurePortal_refresh_token`, `expires`; the spec
 * does not describe the flow, so `expires` is the access token's lifetime in seconds, like
 * `expirationSeconds`, and `userSessionId` is added). The callback is either a loopback URL
 * (the desktop app listens there) or the sandbox's own callback page, which shows the address
 * to paste into the CLI. Any other redirect_uri is refused: an open redirect would hand the
 * tokens to whoever wrote the link.
 */
export function ssoRoutes({ auth, commit, publicBase }: SsoRouteDeps): ApiRoute[] {
  const ownCallback = (): string => `${publicBase()}/api/auth/${SANDBOX_SSO_PROVIDER}/callback`;
  const target = (query: URLSearchParams): { ok: true; redirect: URL } | { ok: false; reply: ApiReply } => {
    const given = query.get('redirect_uri') ?? ownCallback();
    let redirect: URL;
    try {
      redirect = new URL(given);
    } catch {
      return { ok: false, reply: { kind: 'problem', problem: { ...badRequest(`redirect_uri is not a URL: "${given}"`), field: 'redirect_uri' } } };
    }
    const loopback = redirect.protocol === 'http:' && LOOPBACK_HOSTS.has(redirect.hostname.toLowerCase() === '::1' ? '[::1]' : redirect.hostname.toLowerCase());
    if (!loopback && `${redirect.origin}${redirect.pathname}` !== ownCallback()) {
      return {
        ok: false,
        reply: { kind: 'problem', problem: { ...badRequest(`redirect_uri must be a loopback http URL or ${ownCallback()}`), field: 'redirect_uri' } },
      };
    }
    return { ok: true, redirect };
  };
  const unknownProvider = (provider: string | undefined): ApiReply | null =>
    provider === SANDBOX_SSO_PROVIDER ? null : { kind: 'problem', problem: notFound(`no sign-in provider "${provider ?? ''}"; the sandbox has "${SANDBOX_SSO_PROVIDER}"`) };

  return [
    {
      method: 'GET',
      pattern: '/api/auth/{provider}/login',
      auth: false,
      body: 'ignored',
      handle: async ({ params, query }) => {
        const unknown = unknownProvider(params.provider);
        if (unknown) return unknown;
        const checked = target(query);
        if (!checked.ok) return checked.reply;
        const authorize = new URLSearchParams({ redirect_uri: checked.redirect.toString(), ...(query.get('state') ? { state: query.get('state') ?? '' } : {}) });
        return page(
          'Sign in to the Nomad sandbox',
          `<p>This is the sandbox's single sign-on page. It signs you in as <b>${SSO_ACCOUNT}</b>.</p>
<p><a class="button" id="sign-in" href="/api/auth/${SANDBOX_SSO_PROVIDER}/authorize?${escapeHtml(authorize.toString())}">Sign in as ${SSO_ACCOUNT}</a></p>
<p class="small">You will be sent back to ${escapeHtml(checked.redirect.origin)}.</p>`,
        );
      },
    },
    {
      method: 'GET',
      pattern: '/api/auth/{provider}/authorize',
      auth: false,
      body: 'ignored',
      handle: async ({ params, query }) => {
        const unknown = unknownProvider(params.provider);
        if (unknown) return unknown;
        const checked = target(query);
        if (!checked.ok) return checked.reply;
        const session = auth.signIn(SSO_ACCOUNT, null);
        await commit();
        const redirect = new URL(checked.redirect);
        redirect.searchParams.set('azurePortal_token', session.token ?? '');
        redirect.searchParams.set('azurePortal_refresh_token', session.refreshToken ?? '');
        redirect.searchParams.set('expires', String(session.expirationSeconds));
        redirect.searchParams.set('userSessionId', session.userSessionId ?? '');
        const state = query.get('state');
        if (state !== null) redirect.searchParams.set('state', state);
        return { kind: 'redirect', location: redirect.toString() };
      },
    },
    {
      method: 'GET',
      pattern: '/api/auth/{provider}/callback',
      auth: false,
      body: 'ignored',
      handle: async ({ params, query }) => {
        const unknown = unknownProvider(params.provider);
        if (unknown) return unknown;
        if (!query.get('azurePortal_token')) return page('Not signed in', '<p>This page receives the sign-in result; it has none. Start again from the sign-in page.</p>', 400);
        const address = `${ownCallback()}?${query.toString()}`;
        return page(
          'Signed in',
          `<p>Signed in as <b>${SSO_ACCOUNT}</b>. Copy this address into <code>nomad-upload</code> where it asks for it:</p>
<p><textarea id="callback-url" readonly rows="4">${escapeHtml(address)}</textarea></p>`,
        );
      },
    },
  ];
}

function page(title: string, body: string, status = 200): ApiReply {
  return {
    kind: 'html',
    status,
    html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:16px system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}.button{display:inline-block;padding:.6rem 1.2rem;background:#2457d6;color:#fff;border-radius:6px;text-decoration:none}.small{color:#555;font-size:.9rem}textarea{width:100%}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
