// What main accepts from the window for saved servers: a name a person typed (trimmed, not
// blank, not a paragraph), a web address, and profile ids that can only be the ones main made
// (they key the secret store and are never path segments or URLs).

import { describe, expect, it } from 'vitest';
import { payloadSchemas } from '../../../main/ipc/payload-schemas';
import { parseStoredSecrets } from '../../../main/app-core/profile-secrets';

const issue = (name: keyof typeof payloadSchemas, payload: unknown) => payloadSchemas[name].safeParse(payload).error?.issues[0]?.message;

describe('profile payloads', () => {
  it('take a named server at a web address, the name trimmed', () => {
    expect(payloadSchemas.addProfile.parse({ name: '  Production ', url: 'https://nomad.example.com' })).toEqual({ name: 'Production', url: 'https://nomad.example.com' });
    expect(payloadSchemas.renameProfile.parse({ id: 'server-1a2b3c4d', name: 'Staging (EU)' })).toEqual({ id: 'server-1a2b3c4d', name: 'Staging (EU)' });
    expect(payloadSchemas.switchProfile.safeParse({ id: 'local-sandbox' }).success).toBe(true);
  });

  it('ask for a name, and refuse one longer than a menu can show', () => {
    expect(issue('addProfile', { name: '   ', url: 'https://nomad.example.com' })).toBe('Give the server a name.');
    expect(issue('renameProfile', { id: 'server-1a2b3c4d', name: 'x'.repeat(81) })).toBe('A server name has at most 80 characters.');
  });

  it('refuse an address that is not http(s), and ids main would never make', () => {
    expect(issue('addProfile', { name: 'Files', url: 'file:///etc/passwd' })).toBe('Enter the server address, e.g. https://nomad.example.com');
    for (const id of ['', '..', 'Server-1', 'a/b', 'x'.repeat(65), '__proto__']) {
      expect(payloadSchemas.removeProfile.safeParse({ id }).success, id).toBe(false);
    }
    expect(payloadSchemas.switchProfile.safeParse({ id: 'local-sandbox', extra: 1 }).success).toBe(false);
  });
});

describe('the secret store’s content', () => {
  const session = { serverUrl: 'https://nomad.example.com', userName: 'ana', refreshToken: 'r-1' };

  it('reads this version’s map and an older version’s single session; anything else is no session', () => {
    expect(parseStoredSecrets({ version: 2, sessions: { 'server-1a2b3c4d': session } })).toEqual({ version: 2, sessions: { 'server-1a2b3c4d': session } });
    expect(parseStoredSecrets(session)).toEqual(session);
    expect(parseStoredSecrets({ version: 3, sessions: {} })).toBeNull();
    expect(parseStoredSecrets({ serverUrl: 'x' })).toBeNull();
    expect(parseStoredSecrets('token')).toBeNull();
  });
});
