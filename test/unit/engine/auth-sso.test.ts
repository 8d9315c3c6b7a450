// Single sign-on as the CLI and the app drive it: the provider page to open, and the session
// in the address the sign-in ended on — refused when it is not one, or belongs to another try.

import { describe, expect, it } from 'vitest';
import { sessionFromCallback, ssoLoginUrl } from '../../../main/engine/auth-sso';
import { redactText, redactUrl } from '../../../main/engine/redact';

const NOW = 1_700_000_000_000;

describe('the provider page', () => {
  it('is {api}/auth/{provider}/login with a fresh state and, for the app, the loopback redirect', () => {
    const cli = ssoLoginUrl('https://admin-app.example.com', 'azure');
    const app = ssoLoginUrl('https://admin-app.example.com/api/', 'azure', 'http://127.0.0.1:5123/callback');

    expect(cli.url).toBe(`https://admin-app.example.com/api/auth/azure/login?state=${cli.state}`);
    expect(new URL(app.url).searchParams.get('redirect_uri')).toBe('http://127.0.0.1:5123/callback');
    expect(app.state).toMatch(/^[0-9a-f]{32}$/);
    expect(app.state).not.toBe(cli.state);
  });

  it('refuses a provider name that is not one path segment', () => {
    expect(() => ssoLoginUrl('https://nomad.example.com', '../admin')).toThrow(/not a sign-in provider name/);
  });
});

describe('the callback address', () => {
  const callback = (query: string) => `https://admin-app.example.com/api/auth/azure/callback?${query}`;

  it('carries the tokens as the Python SDK reads them; `expires` is a lifetime in seconds', () => {
    const session = sessionFromCallback(callback('azurePortal_token=t1&azurePortal_refresh_token=r1&expires=900&userSessionId=s1&state=abc'), 'abc', NOW);

    expect(session).toEqual({ token: 't1', refreshToken: 'r1', expiresAt: NOW + 900_000, userName: null, userSessionId: 's1' });
  });

  it.each([
    ['an epoch in seconds', String(NOW / 1000 + 60), NOW + 60_000],
    ['an epoch in milliseconds', String(NOW + 60_000), NOW + 60_000],
    ['a date', new Date(NOW + 60_000).toUTCString(), NOW + 60_000],
    ['nothing', '', NOW + 3_600_000],
  ])('`expires` as %s works too', (_what, expires, expiresAt) => {
    expect(sessionFromCallback(callback(`azurePortal_token=t1&expires=${encodeURIComponent(expires)}`), null, NOW).expiresAt).toBe(expiresAt);
  });

  it('without a refresh token the session simply cannot be refreshed', () => {
    expect(sessionFromCallback(callback('azurePortal_token=t1'), null, NOW).refreshToken).toBe('');
  });

  it.each([
    ['text that is not an address', 'not a url', /paste the whole address/],
    ['an address without a token', callback('code=1'), /holds no sign-in token/],
    ['the answer of another attempt', callback('azurePortal_token=t1&state=other'), /another sign-in attempt/],
    ['a refusal by the provider', callback('error=access_denied&error_description=User+cancelled'), /The sign-in provider refused: User cancelled/],
  ])('refuses %s', (_what, address, message) => {
    expect(() => sessionFromCallback(address, 'abc', NOW)).toThrow(message);
  });

  it('is never logged with its tokens', () => {
    const address = callback('azurePortal_token=t1secret&azurePortal_refresh_token=r1secret&expires=900');

    expect(redactUrl(address)).not.toMatch(/t1secret|r1secret/);
    expect(redactText(`opened ${address}`)).not.toMatch(/t1secret|r1secret/);
    expect(redactText('Authorization: ApiKey demo-api-key')).toBe('Authorization: ApiKey REDACTED');
  });
});
